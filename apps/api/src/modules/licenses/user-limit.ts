import { Prisma } from '@wk/db';
import { exceedsUserLimit } from '@wk/domain';

/** How far back an instance's last usage report counts for the user limit. */
export const USER_REPORT_WINDOW_DAYS = 7;

/**
 * The `max_users` rule (README "User limits"): the active users of a license are the sum, over the
 * org's instances where the license is active, of the active users each instance reported for its
 * latest day within the last {@link USER_REPORT_WINDOW_DAYS} days. A SQL expression over `l` (the
 * license row) for use inside a query.
 */
export function activeUsersSql(now: Date): Prisma.Sql {
  return Prisma.sql`(
    SELECT COALESCE(SUM(latest.active_users), 0)::int FROM instance_modules im
    JOIN LATERAL (
      SELECT u.active_users FROM module_usage_metrics u
      WHERE u.instance_module_id = im.id AND u.metric_date >= (${now}::timestamp::date - ${USER_REPORT_WINDOW_DAYS}::int)
      ORDER BY u.metric_date DESC LIMIT 1
    ) latest ON true
    WHERE im.module_license_id = l.id AND im.is_active)`;
}

type Raw = { $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => Prisma.PrismaPromise<T> };

/** Active users reported for a license and whether they exceed its plan's max_users. */
export async function licenseUserCount(
  db: Raw,
  licenseId: number,
  now: Date,
): Promise<{ active: number; max: number | null; exceeded: boolean }> {
  const rows = await db.$queryRaw<{ active: number; max: number | null }[]>`
    SELECT ${activeUsersSql(now)} AS active, p.max_users AS max
    FROM module_licenses l LEFT JOIN module_pricing_plans p ON p.id = l.pricing_plan_id
    WHERE l.id = ${licenseId}`;
  const r = rows[0];
  const active = Number(r?.active ?? 0);
  const max = r?.max ?? null;
  return { active, max, exceeded: exceedsUserLimit(max, active) };
}
