import type { ModuleErrorLog, Prisma, PrismaClient } from '@wk/db';
import { errorFingerprint } from '@wk/db';
import { LATENCY_BUCKET_COUNT, mergeHistograms, parseAmount, parseLatencyHistogram, toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { badInput, notFound, UserError } from '../../core/errors';
import { byId } from '../../core/loaders';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { requireInstance } from '../instances';
import { toListing } from '../instances';
import { requireVendorMember } from '../vendors';
import { latencyOf, mergeDays, partFromRow, totalsOf, type UsagePart } from './usage.aggregate';
import {
  InstanceModuleUsage,
  InstanceUsageReport,
  VendorErrorAggregate,
  VendorFeatureUsage,
  VendorModuleUsageReport,
  VendorModuleUsageSummary,
  VendorUsageGroup,
} from './usage.types';

const DAY_MS = 86_400_000;
export const MAX_PERIOD_DAYS = 366;
const DEFAULT_PERIOD_DAYS = 30;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A calendar day `YYYY-MM-DD` (UTC) → midnight UTC, or null when not a real date. */
export function parseDay(s: unknown): Date | null {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || isoDay(d) !== s ? null : d;
}

/**
 * The period of a usage view: both ends inclusive, at most a year. Without `to`, it ends on the
 * latest reported day (or today when nothing was reported); without `from`, it spans 30 days.
 */
function resolvePeriod(
  from: string | null | undefined,
  to: string | null | undefined,
  latest: string | null,
  today: Date,
): { from: string; to: string } {
  const end = to ? parseDay(to) : (parseDay(latest ?? '') ?? parseDay(isoDay(today))!);
  if (!end) throw badInput('Use a date like 2025-01-31.', 'to');
  const start = from ? parseDay(from) : new Date(end.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  if (!start) throw badInput('Use a date like 2025-01-01.', 'from');
  if (start.getTime() > end.getTime()) throw badInput('The period must start before it ends.', 'from');
  if ((end.getTime() - start.getTime()) / DAY_MS + 1 > MAX_PERIOD_DAYS)
    throw badInput(`A period spans at most ${MAX_PERIOD_DAYS} days.`, 'from');
  return { from: isoDay(start), to: isoDay(end) };
}

// ───────────────────────────────────────────── org views

export async function instanceUsage(
  ctx: Context,
  instanceId: number,
  from?: string | null,
  to?: string | null,
): Promise<InstanceUsageReport> {
  await requireInstance(ctx, instanceId, 'view_instances');
  const latestRow = await ctx.prisma.moduleUsageMetric.findFirst({
    where: { instanceModule: { instanceId } },
    orderBy: { metricDate: 'desc' },
    select: { metricDate: true },
  });
  const latest = latestRow ? isoDay(latestRow.metricDate) : null;
  const period = resolvePeriod(from, to, latest, ctx.clock.now());
  const [modules, rows] = await Promise.all([
    ctx.prisma.instanceModule.findMany({
      where: { instanceId },
      include: { module: { include: { vendor: { select: { name: true } } } } },
      orderBy: { id: 'asc' },
    }),
    ctx.prisma.moduleUsageMetric.findMany({
      where: { instanceModule: { instanceId }, metricDate: { gte: parseDay(period.from)!, lte: parseDay(period.to)! } },
      orderBy: { metricDate: 'asc' },
    }),
  ]);
  const report = modules
    .filter((m) => m.isActive || rows.some((r) => r.instanceModuleId === m.id))
    .map((m) => {
      const parts = rows
        .filter((r) => r.instanceModuleId === m.id)
        .map((r) =>
          partFromRow({
            date: isoDay(r.metricDate),
            activeUsers: r.activeUsers,
            apiCalls: r.apiCalls,
            errors: r.errors,
            avgResponseTimeMs: r.avgResponseTimeMs,
            dataMb: r.totalDataProcessedMb.toFixed(2),
          }),
        );
      return Object.assign(new InstanceModuleUsage(), {
        instanceModule: m,
        module: toListing(m.module),
        days: mergeDays(parts),
        totals: totalsOf(parts),
      });
    });
  return Object.assign(new InstanceUsageReport(), { instanceId, ...period, latestReportDate: latest, modules: report });
}

export async function instanceErrors(
  ctx: Context,
  args: { instanceId: number; first: number; after?: string | null; resolved?: boolean | null; moduleId?: number | null },
): Promise<Connection<ModuleErrorLog>> {
  await requireInstance(ctx, args.instanceId, 'view_instances');
  const where: Prisma.ModuleErrorLogWhereInput = {
    instanceModule: { instanceId: args.instanceId, ...(args.moduleId ? { moduleId: args.moduleId } : {}) },
    ...(args.resolved === null || args.resolved === undefined ? {} : { resolved: args.resolved }),
  };
  const cursor = decodeCursor(args.after, 2);
  const after: Prisma.ModuleErrorLogWhereInput = cursor
    ? {
        OR: [
          { occurredAt: { lt: new Date(String(cursor[0])) } },
          { occurredAt: new Date(String(cursor[0])), id: { lt: Number(cursor[1]) } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.prisma.moduleErrorLog.findMany({
      where: { AND: [where, after] },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: args.first + 1,
    }),
    ctx.prisma.moduleErrorLog.count({ where }),
  ]);
  return toConnection(rows, args.first, total, (r) => [r.occurredAt.toISOString(), r.id], !!cursor);
}

/** Marks an error group resolved (or open again). A new occurrence reopens it. */
export async function resolveError(
  ctx: Context,
  input: { id: number; resolved: boolean },
): Promise<{ error: ModuleErrorLog | null; errors: UserError[] }> {
  const row = await ctx.prisma.moduleErrorLog.findUnique({
    where: { id: input.id },
    include: { instanceModule: { select: { instanceId: true } } },
  });
  if (!row) throw notFound('Error');
  const instance = await requireInstance(ctx, row.instanceModule.instanceId, 'manage_instances').catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Error');
    throw e;
  });
  return ctx.prisma.$transaction(async (tx) => {
    const error = await tx.moduleErrorLog.update({ where: { id: row.id }, data: { resolved: input.resolved } });
    await audit(tx, ctx, {
      action: input.resolved ? 'resolve' : 'reopen',
      entityType: 'module_error',
      entityId: row.id,
      orgId: instance.orgId,
      oldValue: { resolved: row.resolved },
      newValue: { resolved: input.resolved },
    });
    return { error, errors: [] };
  });
}

export const instanceModuleLoader = (ctx: Context) => byId((ids) => ctx.prisma.instanceModule.findMany({ where: { id: { in: ids } } }));

// ───────────────────────────────────────────── vendor views

type DayRow = {
  version: string;
  core_version: string;
  date: string;
  active_users: bigint;
  api_calls: bigint;
  errors: bigint;
  rt_weighted: string | null;
  rt_calls: bigint;
  rt_sum: bigint | null;
  rt_count: bigint;
  data_mb: string | null;
};

const toPart = (r: DayRow): UsagePart => ({
  date: r.date,
  activeUsers: Number(r.active_users),
  apiCalls: Number(r.api_calls),
  errors: Number(r.errors),
  rtWeighted: Number(r.rt_weighted ?? 0),
  rtCalls: Number(r.rt_calls),
  rtSum: Number(r.rt_sum ?? 0),
  rtCount: Number(r.rt_count),
  dataMb: toAmount(r.data_mb ?? '0'),
});

async function moduleDayRows(
  prisma: PrismaClient,
  moduleIds: number[],
  from: string,
  to: string,
): Promise<(DayRow & { module_id: number })[]> {
  if (!moduleIds.length) return [];
  return prisma.$queryRaw<(DayRow & { module_id: number })[]>`
    SELECT im.module_id, mv.version, COALESCE(u.core_version, 'unknown') AS core_version, to_char(u.metric_date, 'YYYY-MM-DD') AS date,
      SUM(u.active_users)::bigint AS active_users, SUM(u.api_calls)::bigint AS api_calls, SUM(u.errors)::bigint AS errors,
      SUM(CASE WHEN u.avg_response_time_ms IS NOT NULL THEN u.avg_response_time_ms::numeric * u.api_calls ELSE 0 END)::text AS rt_weighted,
      SUM(CASE WHEN u.avg_response_time_ms IS NOT NULL THEN u.api_calls ELSE 0 END)::bigint AS rt_calls,
      SUM(u.avg_response_time_ms)::bigint AS rt_sum, COUNT(u.avg_response_time_ms)::bigint AS rt_count,
      SUM(u.total_data_processed_mb)::text AS data_mb
    FROM module_usage_metrics u
    JOIN instance_modules im ON im.id = u.instance_module_id
    JOIN module_versions mv ON mv.id = COALESCE(u.module_version_id, im.module_version_id)
    WHERE im.module_id = ANY(${moduleIds}::int[]) AND u.metric_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY im.module_id, mv.version, COALESCE(u.core_version, 'unknown'), u.metric_date
    ORDER BY u.metric_date`;
}

async function installCounts(prisma: PrismaClient, moduleIds: number[], from: string, to: string) {
  if (!moduleIds.length) return [];
  return prisma.$queryRaw<{ module_id: number; version: string | null; core_version: string | null; installs: bigint }[]>`
    SELECT im.module_id, mv.version, COALESCE(u.core_version, 'unknown') AS core_version, COUNT(DISTINCT u.instance_module_id)::bigint AS installs
    FROM module_usage_metrics u
    JOIN instance_modules im ON im.id = u.instance_module_id
    JOIN module_versions mv ON mv.id = COALESCE(u.module_version_id, im.module_version_id)
    WHERE im.module_id = ANY(${moduleIds}::int[]) AND u.metric_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY GROUPING SETS ((im.module_id, mv.version, COALESCE(u.core_version, 'unknown')), (im.module_id))`;
}

/** Latency histograms of a module merged per module version × core version (bucket index from 1, as SQL's ORDINALITY). */
async function histogramRows(prisma: PrismaClient, moduleId: number, from: string, to: string) {
  return prisma.$queryRaw<{ version: string; core_version: string; bucket: number; calls: bigint }[]>`
    SELECT mv.version, COALESCE(u.core_version, 'unknown') AS core_version, b.i::int AS bucket, SUM(b.n)::bigint AS calls
    FROM module_usage_metrics u
    JOIN instance_modules im ON im.id = u.instance_module_id
    JOIN module_versions mv ON mv.id = COALESCE(u.module_version_id, im.module_version_id)
    CROSS JOIN LATERAL unnest(u.latency_histogram) WITH ORDINALITY AS b(n, i)
    WHERE im.module_id = ${moduleId} AND u.metric_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY mv.version, COALESCE(u.core_version, 'unknown'), b.i`;
}

/** Uses per feature and module version in the period, summed over installs (most used first). */
async function featureRows(prisma: PrismaClient, moduleId: number, from: string, to: string) {
  return prisma.$queryRaw<{ version: string; feature: string; uses: bigint; installs: bigint }[]>`
    SELECT mv.version, f.feature, SUM(f.count)::bigint AS uses, COUNT(DISTINCT u.instance_module_id)::bigint AS installs
    FROM module_usage_features f
    JOIN module_usage_metrics u ON u.id = f.usage_metric_id
    JOIN instance_modules im ON im.id = u.instance_module_id
    JOIN module_versions mv ON mv.id = COALESCE(u.module_version_id, im.module_version_id)
    WHERE im.module_id = ${moduleId} AND u.metric_date BETWEEN ${from}::date AND ${to}::date
    GROUP BY mv.version, f.feature
    ORDER BY SUM(f.count) DESC, mv.version, f.feature
    LIMIT 500`;
}

async function latestVendorReport(prisma: PrismaClient, moduleIds: number[]): Promise<string | null> {
  if (!moduleIds.length) return null;
  const r = await prisma.moduleUsageMetric.findFirst({
    where: { instanceModule: { moduleId: { in: moduleIds } } },
    orderBy: { metricDate: 'desc' },
    select: { metricDate: true },
  });
  return r ? isoDay(r.metricDate) : null;
}

/**
 * A vendor's aggregates for one of its modules: usage per module version × core version and per
 * day, and errors grouped the same way. Only sums and counts leave the database: no org, instance
 * or user identifiers, no stack traces.
 */
export async function vendorModuleUsage(
  ctx: Context,
  moduleId: number,
  from?: string | null,
  to?: string | null,
): Promise<VendorModuleUsageReport> {
  const module = await ctx.prisma.module.findUnique({ where: { id: moduleId }, include: { vendor: { select: { name: true } } } });
  if (!module) throw notFound('Module');
  await requireVendorMember(ctx, module.vendorId).catch((e) => {
    if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') throw notFound('Module');
    throw e;
  });
  const latest = await latestVendorReport(ctx.prisma, [moduleId]);
  const period = resolvePeriod(from, to, latest, ctx.clock.now());
  const [rows, installs, histograms, features, errors] = await Promise.all([
    moduleDayRows(ctx.prisma, [moduleId], period.from, period.to),
    installCounts(ctx.prisma, [moduleId], period.from, period.to),
    histogramRows(ctx.prisma, moduleId, period.from, period.to),
    featureRows(ctx.prisma, moduleId, period.from, period.to),
    ctx.prisma.$queryRaw<
      {
        version: string;
        core_version: string;
        error_type: string;
        error_message: string;
        occurrences: bigint;
        affected: bigint;
        last_seen: Date;
      }[]
    >`
      SELECT mv.version, COALESCE(e.core_version, 'unknown') AS core_version, e.error_type, MAX(e.error_message) AS error_message,
        SUM(e.occurrences)::bigint AS occurrences, COUNT(DISTINCT e.instance_module_id)::bigint AS affected, MAX(e.occurred_at) AS last_seen
      FROM module_error_logs e
      JOIN instance_modules im ON im.id = e.instance_module_id
      JOIN module_versions mv ON mv.id = COALESCE(e.module_version_id, im.module_version_id)
      WHERE im.module_id = ${moduleId} AND e.occurred_at >= ${period.from}::date AND e.occurred_at < (${period.to}::date + 1)
      GROUP BY mv.version, COALESCE(e.core_version, 'unknown'), e.error_type, e.fingerprint
      ORDER BY SUM(e.occurrences) DESC, MAX(e.occurred_at) DESC
      LIMIT 50`,
  ]);
  const keyOf = (v: string | null, c: string | null) => `${v}\u0000${c}`;
  const groupsMap = new Map<string, { version: string; core: string; parts: UsagePart[] }>();
  for (const r of rows) {
    const k = keyOf(r.version, r.core_version);
    if (!groupsMap.has(k)) groupsMap.set(k, { version: r.version, core: r.core_version, parts: [] });
    groupsMap.get(k)!.parts.push(toPart(r));
  }
  const histogramOf = (match: (h: { version: string; core_version: string }) => boolean) => {
    const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
    for (const h of histograms) if (match(h) && h.bucket >= 1 && h.bucket <= LATENCY_BUCKET_COUNT) counts[h.bucket - 1] += Number(h.calls);
    return counts;
  };
  const installsOf = (v: string | null, c: string | null) =>
    Number(installs.find((i) => i.version === v && i.core_version === c)?.installs ?? 0);
  const groups = [...groupsMap.values()]
    .map((g) =>
      Object.assign(new VendorUsageGroup(), {
        version: g.version,
        coreVersion: g.core,
        installs: installsOf(g.version, g.core),
        days: mergeDays(g.parts),
        totals: totalsOf(g.parts),
        latency: latencyOf(histogramOf((h) => h.version === g.version && h.core_version === g.core)),
      }),
    )
    .sort(
      (a, b) => b.totals.apiCalls - a.totals.apiCalls || a.version.localeCompare(b.version) || a.coreVersion.localeCompare(b.coreVersion),
    );
  const all = rows.map(toPart);
  return Object.assign(new VendorModuleUsageReport(), {
    module: toListing(module),
    ...period,
    latestReportDate: latest,
    groups,
    days: mergeDays(all),
    totals: totalsOf(all),
    latency: latencyOf(mergeHistograms([histogramOf(() => true)])),
    features: features.map((f) =>
      Object.assign(new VendorFeatureUsage(), {
        version: f.version,
        feature: f.feature,
        count: Number(f.uses),
        installs: Number(f.installs),
      }),
    ),
    errors: errors.map((e) =>
      Object.assign(new VendorErrorAggregate(), {
        version: e.version,
        coreVersion: e.core_version,
        errorType: e.error_type,
        errorMessage: e.error_message,
        occurrences: Number(e.occurrences),
        affectedInstalls: Number(e.affected),
        lastSeenAt: e.last_seen,
      }),
    ),
  });
}

/** Every module of a vendor with its usage totals in the period (the vendor usage page's list). */
export async function vendorUsageSummary(
  ctx: Context,
  vendorId: number,
  from?: string | null,
  to?: string | null,
): Promise<{ from: string; to: string; modules: VendorModuleUsageSummary[] }> {
  await requireVendorMember(ctx, vendorId);
  const modules = await ctx.prisma.module.findMany({
    where: { vendorId },
    include: { vendor: { select: { name: true } } },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  const ids = modules.map((m) => m.id);
  const latest = await latestVendorReport(ctx.prisma, ids);
  const period = resolvePeriod(from, to, latest, ctx.clock.now());
  const [rows, installs] = await Promise.all([
    moduleDayRows(ctx.prisma, ids, period.from, period.to),
    installCounts(ctx.prisma, ids, period.from, period.to),
  ]);
  return {
    ...period,
    modules: modules.map((m) => {
      const parts = rows.filter((r) => r.module_id === m.id).map(toPart);
      return Object.assign(new VendorModuleUsageSummary(), {
        module: toListing(m),
        installs: Number(installs.find((i) => i.module_id === m.id && i.version === null)?.installs ?? 0),
        totals: totalsOf(parts),
      });
    }),
  };
}

// ───────────────────────────────────────────── reports from instances (instance API)

export interface ReportingInstance {
  instanceId: number;
  coreVersion: string;
}

export interface FieldProblem {
  index: number;
  field: string;
  code: string;
  message: string;
}

const MAX_ITEMS = 100;
const INT_MAX = 2_147_483_647;

function asItems(body: unknown, key: string): unknown[] | null {
  if (body === null || typeof body !== 'object') return null;
  const list = (body as Record<string, unknown>)[key];
  if (Array.isArray(list)) return list;
  return [body];
}

/**
 * The items of a report body (one object, or `{ [key]: [...] }`), or the one problem that refuses
 * the whole request: nothing sent, or more than MAX_ITEMS.
 */
function reportItems(body: unknown, key: 'metrics' | 'errors'): { items: unknown[] } | { ok: false; problems: FieldProblem[] } {
  const items = asItems(body, key);
  const one = key === 'metrics' ? 'metric' : 'error';
  if (!items || items.length === 0)
    return { ok: false, problems: [{ index: 0, field: key, code: 'REQUIRED', message: `Send one ${one} object or { "${key}": [...] }.` }] };
  if (items.length > MAX_ITEMS)
    return {
      ok: false,
      problems: [{ index: MAX_ITEMS, field: key, code: 'TOO_MANY', message: `At most ${MAX_ITEMS} ${key} per request.` }],
    };
  return { items };
}

/**
 * The instance's modules that the reported items name (by id or slug); an item naming a module never
 * activated on this instance adds a MODULE_NOT_INSTALLED problem at its index.
 */
async function installedModules(
  prisma: PrismaClient,
  instanceId: number,
  items: { ref: string | number | null }[],
  problems: FieldProblem[],
) {
  const find = await resolveInstanceModules(
    prisma,
    instanceId,
    items.map((p) => p.ref).filter((r): r is string | number => r !== null),
  );
  items.forEach((p, i) => {
    if (p.ref !== null && !find(p.ref))
      problems.push({
        index: i,
        field: 'module',
        code: 'MODULE_NOT_INSTALLED',
        message: `Module ${JSON.stringify(p.ref)} was never activated on this instance.`,
      });
  });
  return find;
}

async function resolveInstanceModules(prisma: PrismaClient, instanceId: number, refs: (string | number)[]) {
  const slugs = refs.filter((r): r is string => typeof r === 'string');
  const ids = refs.filter((r): r is number => typeof r === 'number');
  const rows = await prisma.instanceModule.findMany({
    where: { instanceId, OR: [{ moduleId: { in: ids } }, { module: { slug: { in: slugs } } }] },
    include: { module: { select: { slug: true } } },
  });
  return (ref: string | number) => rows.find((r) => (typeof ref === 'number' ? r.moduleId === ref : r.module.slug === ref)) ?? null;
}

function moduleRef(item: Record<string, unknown>): string | number | null {
  if (typeof item.module === 'string' && item.module.trim()) return item.module.trim();
  if (typeof item.moduleId === 'number' && Number.isInteger(item.moduleId)) return item.moduleId;
  return null;
}

function count(item: Record<string, unknown>, field: string, i: number, problems: FieldProblem[], required: boolean): number | null {
  const v = item[field];
  if (v === undefined || v === null) {
    if (required) problems.push({ index: i, field, code: 'REQUIRED', message: `${field} is required.` });
    return null;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > INT_MAX) {
    problems.push({ index: i, field, code: 'INVALID_NUMBER', message: `${field} must be a whole number ≥ 0.` });
    return null;
  }
  return v;
}

export const MAX_FEATURES = 100;
const FEATURE_KEY = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

/** `features`: an object from feature key (letters, digits, `. _ : / -`, ≤ 100 characters) to a use count. */
function parseFeatures(raw: unknown, i: number, problems: FieldProblem[]): { feature: string; count: number }[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({
      index: i,
      field: 'features',
      code: 'INVALID_FEATURES',
      message: 'features must be an object from feature key to a use count, e.g. {"invoice.create": 12}.',
    });
    return [];
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_FEATURES) {
    problems.push({ index: i, field: 'features', code: 'TOO_MANY', message: `At most ${MAX_FEATURES} features per module and day.` });
    return [];
  }
  const out: { feature: string; count: number }[] = [];
  for (const [feature, count] of entries) {
    if (!FEATURE_KEY.test(feature)) {
      problems.push({
        index: i,
        field: `features.${feature.slice(0, 100)}`,
        code: 'INVALID_FEATURE',
        message:
          'A feature key has 1 to 100 letters, digits, dots, underscores, colons, slashes or dashes, starting with a letter or digit.',
      });
    } else if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > INT_MAX) {
      problems.push({
        index: i,
        field: `features.${feature}`,
        code: 'INVALID_NUMBER',
        message: `The count of ${feature} must be a whole number ≥ 0.`,
      });
    } else out.push({ feature, count });
  }
  return out;
}

/**
 * Daily usage per module, idempotent per module and day: a resend for the same day replaces the
 * earlier figures (INSERT … ON CONFLICT (instance_module_id, metric_date) DO UPDATE), never adds
 * to them. All items are validated first; nothing is stored when one is invalid.
 */
export async function recordUsage(
  deps: { prisma: PrismaClient; now: Date },
  who: ReportingInstance,
  body: unknown,
): Promise<{ ok: true; accepted: number; replaced: number; moduleIds: number[] } | { ok: false; problems: FieldProblem[] }> {
  const got = reportItems(body, 'metrics');
  if (!('items' in got)) return got;
  const { items } = got;
  const problems: FieldProblem[] = [];
  const latestAllowed = new Date(Date.UTC(deps.now.getUTCFullYear(), deps.now.getUTCMonth(), deps.now.getUTCDate()) + DAY_MS); // time zones ahead of UTC
  const parsed = items.map((raw, i) => {
    const item = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const ref = moduleRef(item);
    if (ref === null)
      problems.push({ index: i, field: 'module', code: 'REQUIRED', message: 'Give the module slug ("module") or id ("moduleId").' });
    const day = parseDay(item.date);
    if (!day) problems.push({ index: i, field: 'date', code: 'INVALID_DATE', message: 'date must be a day like 2025-01-31.' });
    else if (day.getTime() > latestAllowed.getTime())
      problems.push({ index: i, field: 'date', code: 'DATE_IN_FUTURE', message: 'date is in the future.' });
    const activeUsers = count(item, 'activeUsers', i, problems, true);
    const apiCalls = count(item, 'apiCalls', i, problems, true);
    const errors = count(item, 'errors', i, problems, true);
    const avg = count(item, 'avgResponseTimeMs', i, problems, false);
    let dataMb = '0.00';
    const rawMb = item.dataProcessedMb;
    if (rawMb !== undefined && rawMb !== null) {
      try {
        dataMb = typeof rawMb === 'number' ? toAmount(rawMb) : parseAmount(rawMb, { field: 'dataProcessedMb' });
        if (dataMb.startsWith('-') || dataMb.length > 15) throw new Error('range');
      } catch {
        problems.push({
          index: i,
          field: 'dataProcessedMb',
          code: 'INVALID_NUMBER',
          message: 'dataProcessedMb must be a number ≥ 0 with at most two decimals.',
        });
      }
    }
    // Optional (newer instances): calls per latency bucket, and uses per feature.
    let histogram: number[] = [];
    if (item.latencyHistogram !== undefined && item.latencyHistogram !== null) {
      const h = parseLatencyHistogram(item.latencyHistogram);
      if (!h.ok) {
        problems.push({
          index: i,
          field: h.key === null ? 'latencyHistogram' : `latencyHistogram.${h.key}`,
          code: h.code,
          message: h.message,
        });
      } else if (apiCalls !== null && h.total > apiCalls) {
        problems.push({
          index: i,
          field: 'latencyHistogram',
          code: 'HISTOGRAM_EXCEEDS_CALLS',
          message: `The histogram counts ${h.total} calls, more than apiCalls (${apiCalls}).`,
        });
      } else histogram = h.total > 0 ? h.counts : [];
    }
    const features = parseFeatures(item.features, i, problems);
    return { ref, day: typeof item.date === 'string' ? item.date : '', activeUsers, apiCalls, errors, avg, dataMb, histogram, features };
  });
  const find = await installedModules(deps.prisma, who.instanceId, parsed, problems);
  const seen = new Set<string>();
  parsed.forEach((p, i) => {
    const k = `${p.ref}|${p.day}`;
    if (seen.has(k))
      problems.push({ index: i, field: 'date', code: 'DUPLICATE', message: 'The same module and day appear twice in this request.' });
    seen.add(k);
  });
  if (problems.length) return { ok: false, problems };

  const results = await deps.prisma.$transaction(async (tx) => {
    const out: boolean[] = [];
    for (const p of parsed) {
      const im = find(p.ref!)!;
      const r = await tx.$queryRaw<{ id: number; inserted: boolean }[]>`
        INSERT INTO module_usage_metrics (instance_module_id, module_version_id, core_version, metric_date, active_users, api_calls, errors, avg_response_time_ms, total_data_processed_mb, reported_at, latency_histogram)
        VALUES (${im.id}, ${im.moduleVersionId}, ${who.coreVersion}, ${p.day}::date, ${p.activeUsers}, ${p.apiCalls}, ${p.errors}, ${p.avg}, ${p.dataMb}::numeric, ${deps.now}, ${p.histogram}::int[])
        ON CONFLICT (instance_module_id, metric_date) DO UPDATE SET
          module_version_id = EXCLUDED.module_version_id, core_version = EXCLUDED.core_version, active_users = EXCLUDED.active_users,
          api_calls = EXCLUDED.api_calls, errors = EXCLUDED.errors, avg_response_time_ms = EXCLUDED.avg_response_time_ms,
          total_data_processed_mb = EXCLUDED.total_data_processed_mb, reported_at = EXCLUDED.reported_at,
          latency_histogram = EXCLUDED.latency_histogram
        RETURNING id, (xmax = 0) AS inserted`;
      // The day's figures are replaced as a whole, features and latencies included (the row is locked by the upsert).
      await tx.moduleUsageFeature.deleteMany({ where: { usageMetricId: r[0].id } });
      if (p.features.length)
        await tx.moduleUsageFeature.createMany({
          data: p.features.map((f) => ({ usageMetricId: r[0].id, feature: f.feature, count: f.count })),
        });
      out.push(r[0].inserted);
    }
    return out;
  });
  return {
    ok: true,
    accepted: results.length,
    replaced: results.filter((x) => !x).length,
    moduleIds: [...new Set(parsed.map((p) => find(p.ref!)!.moduleId))],
  };
}

/**
 * Error events, fingerprinted (type + normalised message + top stack frame): a repeat of the same
 * error on the same instance module raises `occurrences` and moves `occurred_at` instead of adding
 * a row (and reopens a resolved error). Atomic under concurrent reports (ON CONFLICT).
 */
export async function recordErrors(
  deps: { prisma: PrismaClient; now: Date },
  who: ReportingInstance,
  body: unknown,
): Promise<
  | { ok: true; errors: { id: number; fingerprint: string; occurrences: number; created: boolean }[]; moduleIds: number[] }
  | { ok: false; problems: FieldProblem[] }
> {
  const got = reportItems(body, 'errors');
  if (!('items' in got)) return got;
  const { items } = got;
  const problems: FieldProblem[] = [];
  const text = (item: Record<string, unknown>, field: string, i: number, max: number, required: boolean): string | null => {
    const v = item[field];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
      if (required) problems.push({ index: i, field, code: 'REQUIRED', message: `${field} is required.` });
      return null;
    }
    if (typeof v !== 'string') {
      problems.push({ index: i, field, code: 'INVALID_TEXT', message: `${field} must be a string.` });
      return null;
    }
    return v.length > max ? v.slice(0, max) : v;
  };
  const parsed = items.map((raw, i) => {
    const item = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const ref = moduleRef(item);
    if (ref === null)
      problems.push({ index: i, field: 'module', code: 'REQUIRED', message: 'Give the module slug ("module") or id ("moduleId").' });
    const type = text(item, 'type', i, 100, true);
    const message = text(item, 'message', i, 2000, true);
    const stack = text(item, 'stackTrace', i, 20_000, false);
    let at = deps.now;
    if (item.occurredAt !== undefined && item.occurredAt !== null) {
      const d = typeof item.occurredAt === 'string' ? new Date(item.occurredAt) : null;
      if (!d || Number.isNaN(d.getTime()))
        problems.push({ index: i, field: 'occurredAt', code: 'INVALID_DATE', message: 'occurredAt must be an ISO 8601 date-time.' });
      else at = d.getTime() > deps.now.getTime() ? deps.now : d;
    }
    let n = 1;
    if (item.count !== undefined && item.count !== null) {
      if (typeof item.count !== 'number' || !Number.isInteger(item.count) || item.count < 1 || item.count > 1_000_000) {
        problems.push({ index: i, field: 'count', code: 'INVALID_NUMBER', message: 'count must be a whole number from 1 to 1000000.' });
      } else n = item.count;
    }
    return { ref, type, message, stack, at, n };
  });
  const find = await installedModules(deps.prisma, who.instanceId, parsed, problems);
  if (problems.length) return { ok: false, problems };

  const out = await deps.prisma.$transaction(async (tx) => {
    const res: { id: number; fingerprint: string; occurrences: number; created: boolean }[] = [];
    for (const p of parsed) {
      const im = find(p.ref!)!;
      const fingerprint = errorFingerprint(p.type!, p.message!, p.stack);
      const r = await tx.$queryRaw<{ id: number; occurrences: number; inserted: boolean }[]>`
        INSERT INTO module_error_logs (instance_module_id, module_version_id, core_version, fingerprint, error_type, error_message, stack_trace, occurrences, first_seen_at, occurred_at, resolved)
        VALUES (${im.id}, ${im.moduleVersionId}, ${who.coreVersion}, ${fingerprint}, ${p.type}, ${p.message}, ${p.stack}, ${p.n}, ${p.at}, ${p.at}, false)
        ON CONFLICT (instance_module_id, fingerprint) DO UPDATE SET
          occurrences = module_error_logs.occurrences + EXCLUDED.occurrences,
          occurred_at = GREATEST(module_error_logs.occurred_at, EXCLUDED.occurred_at),
          first_seen_at = LEAST(module_error_logs.first_seen_at, EXCLUDED.first_seen_at),
          error_message = EXCLUDED.error_message,
          stack_trace = COALESCE(EXCLUDED.stack_trace, module_error_logs.stack_trace),
          module_version_id = EXCLUDED.module_version_id, core_version = EXCLUDED.core_version,
          resolved = false
        RETURNING id, occurrences, (xmax = 0) AS inserted`;
      res.push({ id: r[0].id, fingerprint, occurrences: r[0].occurrences, created: r[0].inserted });
    }
    return res;
  });
  return { ok: true, errors: out, moduleIds: [...new Set(parsed.map((p) => find(p.ref!)!.moduleId))] };
}
