import type { ModuleAlertIncident as IncidentRow, ModuleAlertKind, ModuleAlertRule as RuleRow, Prisma, PrismaClient } from '@wk/db';
import { errorRateAbove, errorRatePercent, parseThresholdPercent } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound, UserError } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { notify } from '../notifications';
import { vendorRecipients } from '../payouts';
import { requireVendorMember } from '../vendors';
import { AlertErrorCode, MAX_RULES_PER_MODULE } from './alerts.errors';
import { ModuleAlertIncident, ModuleAlertRule } from './alerts.types';

type Tx = Prisma.TransactionClient;
const DAY_MS = 86_400_000;

// ───────────────────────────────────────────── access

/** A module of a vendor the caller manages; anything else (another vendor's, a buyer) → NOT_FOUND. */
async function requireOwnModule(ctx: Context, moduleId: number) {
  const module = await ctx.prisma.module.findUnique({ where: { id: moduleId } });
  if (!module) throw notFound('Module');
  await requireVendorMember(ctx, module.vendorId).catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Module');
    throw e;
  });
  return module;
}

async function requireOwnRule(ctx: Context, ruleId: number) {
  const rule = await ctx.prisma.moduleAlertRule.findUnique({ where: { id: ruleId }, include: { module: true } });
  if (!rule) throw notFound('Alert rule');
  await requireVendorMember(ctx, rule.module.vendorId).catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Alert rule');
    throw e;
  });
  return rule;
}

export const toRule = (r: RuleRow): ModuleAlertRule =>
  Object.assign(new ModuleAlertRule(), {
    id: r.id,
    moduleId: r.moduleId,
    kind: r.kind,
    thresholdPercent: r.thresholdPercent === null ? null : r.thresholdPercent.toFixed(2),
    enabled: r.enabled,
    firing: r.firing,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  });

const toIncident = (i: IncidentRow & { rule: RuleRow }): ModuleAlertIncident =>
  Object.assign(new ModuleAlertIncident(), {
    id: i.id,
    ruleId: i.ruleId,
    kind: i.rule.kind,
    openedAt: i.openedAt,
    clearedAt: i.clearedAt,
    windowDate: i.windowDate ? i.windowDate.toISOString().slice(0, 10) : null,
    apiCalls: i.apiCalls,
    errors: i.errors,
    errorRatePercent: i.errorRatePercent === null ? null : i.errorRatePercent.toFixed(2),
    thresholdPercent: i.rule.thresholdPercent === null ? null : i.rule.thresholdPercent.toFixed(2),
    errorType: i.errorType,
    errorMessage: i.errorMessage,
  });

// ───────────────────────────────────────────── vendor API

export async function moduleAlertRules(ctx: Context, moduleId: number): Promise<ModuleAlertRule[]> {
  await requireOwnModule(ctx, moduleId);
  const rows = await ctx.prisma.moduleAlertRule.findMany({ where: { moduleId }, orderBy: { id: 'asc' } });
  return rows.map(toRule);
}

/** A module's incidents, newest first (keyset on opened_at, id). */
export async function moduleAlertIncidents(
  ctx: Context,
  args: { moduleId: number; first: number; after?: string | null },
): Promise<Connection<ModuleAlertIncident>> {
  await requireOwnModule(ctx, args.moduleId);
  const where: Prisma.ModuleAlertIncidentWhereInput = { rule: { moduleId: args.moduleId } };
  const cursor = decodeCursor(args.after, 2);
  const page: Prisma.ModuleAlertIncidentWhereInput = cursor
    ? {
        AND: [
          where,
          {
            OR: [
              { openedAt: { lt: new Date(String(cursor[0])) } },
              { openedAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
            ],
          },
        ],
      }
    : where;
  const [rows, total] = await Promise.all([
    ctx.prisma.moduleAlertIncident.findMany({
      where: page,
      include: { rule: true },
      orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.moduleAlertIncident.count({ where }),
  ]);
  return toConnection(rows.map(toIncident), args.first, total, (i) => [i.openedAt.toISOString(), i.id], cursor !== null);
}

type RuleResult = { rule: ModuleAlertRule | null; errors: UserError[] };
const fail = (code: string, message: string, field: string): RuleResult => ({ rule: null, errors: [new UserError(code, message, field)] });

/** The highest error-group id so far: groups above it are new to a new_error rule made now. */
async function errorBaseline(tx: Tx): Promise<number> {
  const r = await tx.$queryRaw<{ max: number | null }[]>`SELECT MAX(id) AS max FROM module_error_logs`;
  return r[0]?.max ?? 0;
}

export async function createAlertRule(
  ctx: Context,
  input: { moduleId: number; kind: ModuleAlertKind; thresholdPercent?: string | null },
): Promise<RuleResult> {
  const module = await requireOwnModule(ctx, input.moduleId);
  let threshold: string | null = null;
  if (input.kind === 'error_rate') {
    if (input.thresholdPercent === undefined || input.thresholdPercent === null || !input.thresholdPercent.trim())
      return fail('REQUIRED', 'Give the error rate, in percent, above which to alert.', 'thresholdPercent');
    threshold = parseThresholdPercent(input.thresholdPercent);
    if (!threshold)
      return fail(
        AlertErrorCode.ALERT_THRESHOLD_INVALID,
        'The threshold is a percent above 0 and at most 100, with at most two decimals.',
        'thresholdPercent',
      );
  } else if (input.thresholdPercent !== undefined && input.thresholdPercent !== null && input.thresholdPercent.trim()) {
    return fail(AlertErrorCode.ALERT_THRESHOLD_NOT_ALLOWED, 'A new-error rule has no threshold.', 'thresholdPercent');
  }
  return ctx.prisma.$transaction(async (tx) => {
    // Serialises rule creation per module, so the limit and the duplicate check hold under concurrency.
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${module.id} FOR UPDATE`;
    const existing = await tx.moduleAlertRule.findMany({ where: { moduleId: module.id } });
    if (existing.length >= MAX_RULES_PER_MODULE)
      return fail(AlertErrorCode.ALERT_RULE_LIMIT, `A module has at most ${MAX_RULES_PER_MODULE} alert rules.`, 'moduleId');
    if (existing.some((r) => r.kind === input.kind && (r.thresholdPercent?.toFixed(2) ?? null) === threshold))
      return fail(AlertErrorCode.ALERT_RULE_DUPLICATE, 'This module already has this rule.', 'kind');
    const now = ctx.clock.now();
    const rule = await tx.moduleAlertRule.create({
      data: {
        moduleId: module.id,
        kind: input.kind,
        thresholdPercent: threshold,
        baselineErrorId: await errorBaseline(tx),
        createdAt: now,
        updatedAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'alert_rule_create',
      entityType: 'module_alert_rule',
      entityId: rule.id,
      newValue: { moduleId: module.id, kind: rule.kind, thresholdPercent: threshold, enabled: true },
    });
    return { rule: toRule(rule), errors: [] };
  });
}

export async function updateAlertRule(
  ctx: Context,
  input: { id: number; thresholdPercent?: string | null; enabled?: boolean | null },
): Promise<RuleResult> {
  const before = await requireOwnRule(ctx, input.id);
  let threshold = before.thresholdPercent?.toFixed(2) ?? null;
  if (input.thresholdPercent !== undefined && input.thresholdPercent !== null) {
    if (before.kind !== 'error_rate')
      return fail(AlertErrorCode.ALERT_THRESHOLD_NOT_ALLOWED, 'A new-error rule has no threshold.', 'thresholdPercent');
    threshold = parseThresholdPercent(input.thresholdPercent);
    if (!threshold)
      return fail(
        AlertErrorCode.ALERT_THRESHOLD_INVALID,
        'The threshold is a percent above 0 and at most 100, with at most two decimals.',
        'thresholdPercent',
      );
  }
  const enabled = input.enabled ?? before.enabled;
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${before.moduleId} FOR UPDATE`;
    const current = await tx.moduleAlertRule.findUnique({ where: { id: before.id } });
    if (!current) throw notFound('Alert rule');
    if (
      threshold !== (current.thresholdPercent?.toFixed(2) ?? null) &&
      (await tx.moduleAlertRule.count({
        where: { moduleId: current.moduleId, kind: current.kind, thresholdPercent: threshold, id: { not: current.id } },
      })) > 0
    )
      return fail(AlertErrorCode.ALERT_RULE_DUPLICATE, 'This module already has this rule.', 'thresholdPercent');
    const now = ctx.clock.now();
    const reenabled = enabled && !current.enabled;
    const disabling = !enabled && current.enabled;
    const rule = await tx.moduleAlertRule.update({
      where: { id: current.id },
      data: {
        thresholdPercent: threshold,
        enabled,
        updatedAt: now,
        // Disabling ends an open incident; enabling again starts afresh (errors seen while off are not "new").
        ...(disabling ? { firing: false } : {}),
        ...(reenabled ? { firing: false, baselineErrorId: await errorBaseline(tx) } : {}),
      },
    });
    if (disabling) await tx.moduleAlertIncident.updateMany({ where: { ruleId: rule.id, clearedAt: null }, data: { clearedAt: now } });
    await audit(tx, ctx, {
      action: 'alert_rule_update',
      entityType: 'module_alert_rule',
      entityId: rule.id,
      oldValue: { thresholdPercent: current.thresholdPercent?.toFixed(2) ?? null, enabled: current.enabled, firing: current.firing },
      newValue: { thresholdPercent: threshold, enabled: rule.enabled, firing: rule.firing },
    });
    return { rule: toRule(rule), errors: [] };
  });
}

export async function deleteAlertRule(ctx: Context, id: number): Promise<{ deletedId: number | null; errors: UserError[] }> {
  const rule = await requireOwnRule(ctx, id);
  return ctx.prisma.$transaction(async (tx) => {
    const gone = await tx.moduleAlertRule.deleteMany({ where: { id: rule.id } });
    if (gone.count === 0) throw notFound('Alert rule');
    await audit(tx, ctx, {
      action: 'alert_rule_delete',
      entityType: 'module_alert_rule',
      entityId: rule.id,
      oldValue: {
        moduleId: rule.moduleId,
        kind: rule.kind,
        thresholdPercent: rule.thresholdPercent?.toFixed(2) ?? null,
        enabled: rule.enabled,
      },
    });
    return { deletedId: rule.id, errors: [] };
  });
}

// ───────────────────────────────────────────── evaluation (job and report ingestion)

export interface AlertEvaluation {
  opened: number;
  cleared: number;
  unchanged: number;
}

/**
 * The day an error-rate rule measures: the latest UTC day the module has usage reports for, if it is
 * today or yesterday (a day still being reported, or just ended). Older data decides nothing: the
 * rule keeps its state until new reports arrive.
 */
async function errorRateDay(prisma: PrismaClient | Tx, moduleId: number, now: Date) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - DAY_MS).toISOString().slice(0, 10);
  const to = new Date(today + DAY_MS).toISOString().slice(0, 10);
  const rows = await prisma.$queryRaw<{ day: string; api_calls: bigint; errors: bigint }[]>`
    SELECT to_char(u.metric_date, 'YYYY-MM-DD') AS day, SUM(u.api_calls)::bigint AS api_calls, SUM(u.errors)::bigint AS errors
    FROM module_usage_metrics u JOIN instance_modules im ON im.id = u.instance_module_id
    WHERE im.module_id = ${moduleId} AND u.metric_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY u.metric_date ORDER BY u.metric_date DESC LIMIT 1`;
  const r = rows[0];
  return r ? { day: r.day, apiCalls: Number(r.api_calls), errors: Number(r.errors) } : null;
}

/**
 * Evaluates enabled alert rules (of the given modules, or all) and opens or clears incidents.
 *
 * Exactly once per incident, whatever runs concurrently (report ingestion on several API processes,
 * the job on several workers):
 * - error_rate: the transition is a conditional update of the rule (`firing = false → true`, or back),
 *   which PostgreSQL serialises on the row: of two evaluators only one sees the old value and
 *   changes it; that one writes the incident, the notification and the audit row in the same
 *   transaction. While the rate stays above the threshold the rule stays firing and nothing is sent;
 *   once it falls back the incident is cleared, and a later rise is a new incident.
 * - new_error: one incident per rule and fingerprint, inserted with ON CONFLICT DO NOTHING; only the
 *   inserting transaction notifies.
 * Notifications also carry a dedupe key per incident.
 */
export async function evaluateAlerts(ctx: Context, moduleIds?: number[]): Promise<AlertEvaluation> {
  const out: AlertEvaluation = { opened: 0, cleared: 0, unchanged: 0 };
  const rules = await ctx.prisma.moduleAlertRule.findMany({
    where: { enabled: true, ...(moduleIds ? { moduleId: { in: moduleIds } } : {}) },
    include: { module: { select: { id: true, name: true, vendorId: true } } },
    orderBy: { id: 'asc' },
  });
  if (!rules.length) return out;
  const now = ctx.clock.now();
  const dayCache = new Map<number, Awaited<ReturnType<typeof errorRateDay>>>();
  for (const rule of rules) {
    if (rule.kind === 'error_rate') {
      if (!dayCache.has(rule.moduleId)) dayCache.set(rule.moduleId, await errorRateDay(ctx.prisma, rule.moduleId, now));
      const m = dayCache.get(rule.moduleId)!;
      if (!m) {
        out.unchanged++;
        continue;
      }
      const threshold = rule.thresholdPercent!.toFixed(2);
      const above = errorRateAbove(m.errors, m.apiCalls, threshold);
      if (above === rule.firing) {
        out.unchanged++;
        continue;
      }
      const changed = await ctx.prisma.$transaction(async (tx) => {
        const n = await tx.$executeRaw`
          UPDATE module_alert_rules SET firing = ${above}, updated_at = ${now}
          WHERE id = ${rule.id} AND enabled AND firing = ${!above}`;
        if (n !== 1) return false; // another evaluator made this transition (or the rule changed)
        const rate = errorRatePercent(m.errors, m.apiCalls);
        if (above) {
          const incident = await tx.moduleAlertIncident.create({
            data: {
              ruleId: rule.id,
              windowDate: new Date(`${m.day}T00:00:00Z`),
              apiCalls: m.apiCalls,
              errors: m.errors,
              errorRatePercent: rate,
              openedAt: now,
            },
          });
          await notify(tx, await vendorRecipients(tx, rule.module.vendorId), {
            type: 'module_alert',
            title: `${rule.module.name}: error rate ${rate} % is above ${threshold} %`,
            message: `On ${m.day} (UTC), ${rule.module.name} had ${m.errors} errors in ${m.apiCalls} API calls across all installs (${rate}\u00a0%), above your alert threshold of ${threshold}\u00a0%. You will not be notified again until the rate falls back under it.`,
            relatedEntityType: 'module_alert',
            relatedEntityId: rule.moduleId,
            dedupeKey: `module-alert:${incident.id}`,
            at: now,
          });
          await audit(tx, ctx, {
            action: 'alert_incident_open',
            entityType: 'module_alert_incident',
            entityId: incident.id,
            newValue: {
              ruleId: rule.id,
              day: m.day,
              apiCalls: m.apiCalls,
              errors: m.errors,
              errorRatePercent: rate,
              thresholdPercent: threshold,
            },
          });
        } else {
          const open = await tx.moduleAlertIncident.findMany({ where: { ruleId: rule.id, clearedAt: null }, select: { id: true } });
          await tx.moduleAlertIncident.updateMany({ where: { ruleId: rule.id, clearedAt: null }, data: { clearedAt: now } });
          for (const i of open)
            await audit(tx, ctx, {
              action: 'alert_incident_clear',
              entityType: 'module_alert_incident',
              entityId: i.id,
              newValue: { ruleId: rule.id, day: m.day, errorRatePercent: rate, thresholdPercent: threshold },
            });
        }
        return true;
      });
      if (!changed) out.unchanged++;
      else if (above) out.opened++;
      else out.cleared++;
    } else {
      // Fingerprints first reported for this module after the rule's baseline, without an incident yet.
      const fresh = await ctx.prisma.$queryRaw<{ fingerprint: string; error_type: string; error_message: string }[]>`
        SELECT e.fingerprint, MIN(e.error_type) AS error_type, MIN(e.error_message) AS error_message
        FROM module_error_logs e JOIN instance_modules im ON im.id = e.instance_module_id
        WHERE im.module_id = ${rule.moduleId}
        GROUP BY e.fingerprint
        HAVING MIN(e.id) > ${rule.baselineErrorId}
          AND NOT EXISTS (SELECT 1 FROM module_alert_incidents i WHERE i.rule_id = ${rule.id} AND i.fingerprint = e.fingerprint)
        ORDER BY MIN(e.id)
        LIMIT 50`;
      if (!fresh.length) out.unchanged++;
      for (const f of fresh) {
        const opened = await ctx.prisma.$transaction(async (tx) => {
          const ins = await tx.$queryRaw<{ id: number }[]>`
            INSERT INTO module_alert_incidents (rule_id, fingerprint, error_type, error_message, opened_at, cleared_at)
            SELECT ${rule.id}, ${f.fingerprint}, ${f.error_type}, ${f.error_message.slice(0, 500)}, ${now}, NULL
            WHERE EXISTS (SELECT 1 FROM module_alert_rules WHERE id = ${rule.id} AND enabled)
            ON CONFLICT (rule_id, fingerprint) DO NOTHING
            RETURNING id`;
          const id = ins[0]?.id;
          if (!id) return false;
          await notify(tx, await vendorRecipients(tx, rule.module.vendorId), {
            type: 'module_alert',
            title: `${rule.module.name}: new error "${f.error_type}"`,
            message: `An error never reported before for ${rule.module.name} arrived: ${f.error_type}: ${f.error_message.slice(0, 300)}. Later occurrences of this error will not notify you again.`,
            relatedEntityType: 'module_alert',
            relatedEntityId: rule.moduleId,
            dedupeKey: `module-alert:${id}`,
            at: now,
          });
          await audit(tx, ctx, {
            action: 'alert_incident_open',
            entityType: 'module_alert_incident',
            entityId: id,
            newValue: { ruleId: rule.id, fingerprint: f.fingerprint, errorType: f.error_type },
          });
          return true;
        });
        if (opened) out.opened++;
        else out.unchanged++;
      }
    }
  }
  return out;
}
