/**
 * Seats under a plan's `max_instances`, node-locked or floating.
 *
 * - node_locked (default): an activation holds its seat until it is deactivated.
 * - floating: an activation holds its seat while its instance sends heartbeats (instance API
 *   POST /heartbeat). A seat whose last heartbeat — or, before the first one, its activation — is
 *   `heartbeat_window_minutes` or more in the past is stale: it no longer counts, and it is freed
 *   (the activation is deactivated, logged and audited) by whichever comes first: an activation of
 *   the same license (under the license row lock, so the count stays exact), a heartbeat of that
 *   instance (which is then told its seat is gone), or the `floating-seat-release` job (every
 *   minute). A late heartbeat never takes a stale seat back: the instance activates again.
 */
import { Prisma, type PricingPlan } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';

/** Bounds of a floating plan's heartbeat window (minutes): 1 minute to 7 days. */
export const HEARTBEAT_WINDOW_MIN = 1;
export const HEARTBEAT_WINDOW_MAX = 7 * 24 * 60;

type SeatPlan = Pick<PricingPlan, 'seatPolicy' | 'heartbeatWindowMinutes'> | null | undefined;
type Tx = Prisma.TransactionClient;

const MINUTE = 60_000;

/** The window of a floating plan, or null when seats are held until deactivation. */
export function floatingWindow(plan: SeatPlan): number | null {
  return plan?.seatPolicy === 'floating' && plan.heartbeatWindowMinutes ? plan.heartbeatWindowMinutes : null;
}

/** When a floating seat is freed if no heartbeat arrives before (null: node-locked). */
export function seatFreedAt(plan: SeatPlan, im: { lastHeartbeatAt: Date | null; activatedAt: Date }): Date | null {
  const w = floatingWindow(plan);
  if (w === null) return null;
  return new Date((im.lastHeartbeatAt ?? im.activatedAt).getTime() + w * MINUTE);
}

/** SQL: the activation `im` (joined with its plan `p`) is a floating seat past its heartbeat window. */
export function staleSeatSql(now: Date): Prisma.Sql {
  return Prisma.sql`(p.seat_policy = 'floating' AND p.heartbeat_window_minutes IS NOT NULL
    AND COALESCE(im.last_heartbeat_at, im.activated_at) <= ${now}::timestamp - make_interval(mins => p.heartbeat_window_minutes))`;
}

type Db = { $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => Prisma.PrismaPromise<T> };

/** Seats in use per license right now: active activations, minus stale floating ones. */
export async function seatsInUse(
  db: Db,
  licenseIds: readonly number[],
  now: Date,
  exceptInstanceId?: number,
): Promise<Map<number, number>> {
  if (!licenseIds.length) return new Map();
  const rows = await db.$queryRaw<{ id: number; n: number }[]>`
    SELECT im.module_license_id AS id, COUNT(*)::int AS n
    FROM instance_modules im
    JOIN module_licenses l ON l.id = im.module_license_id
    LEFT JOIN module_pricing_plans p ON p.id = l.pricing_plan_id
    WHERE im.module_license_id = ANY(${[...licenseIds]}::int[]) AND im.is_active AND NOT ${staleSeatSql(now)}
      ${exceptInstanceId ? Prisma.sql`AND im.instance_id <> ${exceptInstanceId}` : Prisma.empty}
    GROUP BY im.module_license_id`;
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export type FreedSeat = {
  id: number;
  instance_id: number;
  module_id: number;
  module_version_id: number;
  module_license_id: number;
  org_id: number;
  last_heartbeat_at: Date | null;
  activated_at: Date;
  heartbeat_window_minutes: number;
};

/**
 * Frees stale floating seats (of one license, or of one instance), in the caller's transaction:
 * each activation is deactivated (`seat_freed_at` set), with an activation-log row and an audit row.
 * The UPDATE re-checks its condition on rows another transaction changed meanwhile, so a seat is
 * freed once, and a heartbeat that committed first keeps it.
 */
export async function freeStaleSeats(
  tx: Tx,
  ctx: Context,
  scope: { licenseId: number } | { instanceId: number },
  via: 'activation' | 'heartbeat' | 'job',
): Promise<FreedSeat[]> {
  const now = ctx.clock.now();
  const where =
    'licenseId' in scope ? Prisma.sql`im.module_license_id = ${scope.licenseId}` : Prisma.sql`im.instance_id = ${scope.instanceId}`;
  const freed = await tx.$queryRaw<FreedSeat[]>`
    UPDATE instance_modules im SET is_active = false, deactivated_at = ${now}::timestamp, seat_freed_at = ${now}::timestamp
    FROM module_licenses l, module_pricing_plans p, instances i
    WHERE ${where} AND im.is_active AND l.id = im.module_license_id AND p.id = l.pricing_plan_id AND i.id = im.instance_id
      AND ${staleSeatSql(now)}
    RETURNING im.id, im.instance_id, im.module_id, im.module_version_id, im.module_license_id, i.org_id,
      im.last_heartbeat_at, im.activated_at, p.heartbeat_window_minutes`;
  for (const s of freed) {
    const reason = s.last_heartbeat_at
      ? `No heartbeat for ${s.heartbeat_window_minutes} min (last ${s.last_heartbeat_at.toISOString()}): floating seat freed.`
      : `No heartbeat within ${s.heartbeat_window_minutes} min of activation: floating seat freed.`;
    await tx.activationLog.create({
      data: {
        instanceId: s.instance_id,
        instanceModuleId: s.id,
        moduleId: s.module_id,
        moduleVersionId: s.module_version_id,
        licenseId: s.module_license_id,
        eventType: 'deactivation',
        status: 'success',
        performedById: null,
        performedAt: now,
        metadata: {
          reason: 'heartbeat_missed',
          message: reason,
          freed_by: via,
          heartbeat_window_minutes: s.heartbeat_window_minutes,
          last_heartbeat_at: s.last_heartbeat_at?.toISOString() ?? null,
        },
      },
    });
    await audit(tx, ctx, {
      action: 'seat_freed',
      entityType: 'instance',
      entityId: s.instance_id,
      orgId: s.org_id,
      oldValue: { instance_module_id: s.id, module_id: s.module_id, is_active: true, last_heartbeat_at: s.last_heartbeat_at },
      newValue: { is_active: false, reason: 'heartbeat_missed', freed_by: via, heartbeat_window_minutes: s.heartbeat_window_minutes },
    });
  }
  return freed;
}

export interface HeartbeatActivation {
  module: string;
  licenseKey: string;
  seatPolicy: 'node_locked' | 'floating';
  heartbeatWindowMinutes: number | null;
  lastHeartbeatAt: string;
  /** Floating: the seat is freed at this time unless another heartbeat arrives first. */
  seatFreedIfSilentAt: string | null;
}

export interface HeartbeatResult {
  heartbeatAt: string;
  activations: HeartbeatActivation[];
  /**
   * Activations of this instance whose floating seat was freed for missed heartbeats (by this
   * heartbeat, an activation elsewhere or the job) and not activated again: activate again to run.
   */
  seatsFreed: {
    module: string;
    licenseKey: string;
    seatFreedAt: string;
    lastHeartbeatAt: string | null;
    heartbeatWindowMinutes: number | null;
  }[];
  /** How many of them this heartbeat freed (they had missed their window before it arrived). */
  seatsFreedNow: number;
  /** Requested modules that are not active on this instance (and not in seatsFreed). */
  notActive: string[];
}

type BeatRow = {
  id: number;
  module_id: number;
  slug: string;
  license_key: string;
  org_id: number;
  seat_policy: string | null;
  heartbeat_window_minutes: number | null;
  first: boolean;
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** Checks the body of POST /heartbeat: `{}` or `{ "modules": ["crm-pro", …] }` (at most 200 slugs). */
export function parseHeartbeatBody(body: unknown): { ok: true; modules: string[] | null } | { ok: false; field: string; message: string } {
  if (body === undefined || body === null || (typeof body === 'object' && !Array.isArray(body) && !('modules' in body)))
    return { ok: true, modules: null };
  if (typeof body !== 'object' || Array.isArray(body)) return { ok: false, field: 'body', message: 'The body is a JSON object.' };
  const m = (body as { modules?: unknown }).modules;
  if (m === null) return { ok: true, modules: null };
  if (!Array.isArray(m) || m.length === 0 || m.length > 200 || !m.every((x) => typeof x === 'string' && SLUG.test(x)))
    return { ok: false, field: 'modules', message: 'modules is a list of 1 to 200 module slugs, e.g. ["crm-pro"].' };
  return { ok: true, modules: [...new Set(m as string[])] };
}

/**
 * A heartbeat of an instance, for all its active activations or the listed modules, in one
 * transaction: stale floating seats of this instance are freed first (logged, audited; reported
 * in `seatsFreed`), then every remaining activation's `last_heartbeat_at` moves to now. The first
 * heartbeat of an activation writes an audit row; later ones only move the time (like a
 * credential's last use), so the audit log is not flooded.
 */
export async function recordHeartbeat(
  ctx: Context,
  who: { instanceId: number; orgId: number },
  modules: string[] | null,
): Promise<HeartbeatResult> {
  const now = ctx.clock.now();
  return ctx.prisma.$transaction(async (tx) => {
    const freed = await freeStaleSeats(tx, ctx, { instanceId: who.instanceId }, 'heartbeat');
    const only = modules ? Prisma.sql`AND m.slug = ANY(${modules}::text[])` : Prisma.empty;
    const beats = await tx.$queryRaw<BeatRow[]>`
      UPDATE instance_modules im SET last_heartbeat_at = ${now}::timestamp
      FROM modules m, module_licenses l LEFT JOIN module_pricing_plans p ON p.id = l.pricing_plan_id
      WHERE im.instance_id = ${who.instanceId} AND im.is_active AND m.id = im.module_id AND l.id = im.module_license_id ${only}
      RETURNING im.id, im.module_id, m.slug, l.license_key, l.org_id, p.seat_policy::text AS seat_policy, p.heartbeat_window_minutes,
        (SELECT old.last_heartbeat_at IS NULL FROM instance_modules old WHERE old.id = im.id) AS first`;
    for (const b of beats.filter((x) => x.first)) {
      await audit(tx, ctx, {
        action: 'heartbeat_first',
        entityType: 'instance',
        entityId: who.instanceId,
        orgId: who.orgId,
        newValue: { instance_module_id: b.id, module_id: b.module_id, last_heartbeat_at: now.toISOString() },
      });
    }
    // Seats freed for missed heartbeats (now, or earlier by an activation or the job) and not taken back.
    const gone = await tx.instanceModule.findMany({
      where: {
        instanceId: who.instanceId,
        isActive: false,
        seatFreedAt: { not: null },
        ...(modules ? { module: { slug: { in: modules } } } : {}),
      },
      include: {
        module: { select: { slug: true } },
        license: { select: { licenseKey: true, pricingPlan: { select: { heartbeatWindowMinutes: true } } } },
      },
      orderBy: { id: 'asc' },
    });
    const seatsFreed = gone.map((g) => ({
      module: g.module.slug,
      licenseKey: g.license.licenseKey,
      seatFreedAt: g.seatFreedAt!.toISOString(),
      lastHeartbeatAt: g.lastHeartbeatAt?.toISOString() ?? null,
      heartbeatWindowMinutes: g.license.pricingPlan?.heartbeatWindowMinutes ?? null,
    }));
    const freedNow = freed.length;
    const active = new Set(beats.map((b) => b.slug));
    return {
      heartbeatAt: now.toISOString(),
      activations: beats
        .map((b) => {
          const floating = b.seat_policy === 'floating' && b.heartbeat_window_minutes ? b.heartbeat_window_minutes : null;
          return {
            module: b.slug,
            licenseKey: b.license_key,
            seatPolicy: floating === null ? ('node_locked' as const) : ('floating' as const),
            heartbeatWindowMinutes: floating,
            lastHeartbeatAt: now.toISOString(),
            seatFreedIfSilentAt: floating === null ? null : new Date(now.getTime() + floating * MINUTE).toISOString(),
          };
        })
        .sort((a, b) => (a.module < b.module ? -1 : 1)),
      seatsFreed,
      seatsFreedNow: freedNow,
      notActive: (modules ?? []).filter((m) => !active.has(m) && !seatsFreed.some((f) => f.module === m)).sort(),
    };
  });
}
