/**
 * Benchmark data, built with set-based SQL (a few statements whatever the size): N published modules
 * with 3 versions (the third pending for one module in four), varied core ranges, 2 plans, varied
 * names, categories, descriptions and ratings. Triggers are off during the load (session_replication_role
 * = replica); the catalog projection is then refreshed once, in chunks, with the product's own
 * catalog_refresh().
 */
import { Client } from 'pg';

const CATEGORIES = ['crm', 'erp', 'analytics', 'billing', 'security', 'marketing'];
const NOUNS = ['Ledger', 'Pipeline', 'Insight', 'Invoice', 'Shield', 'Campaign', 'Portal', 'Sync', 'Vault', 'Report', 'Tracker', 'Hub'];

export async function buildCatalog(url: string, n: number, offset: number, log: (s: string) => void): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  try {
    const before = Number((await c.query(`SELECT COALESCE(max(id), 0) AS id FROM modules`)).rows[0].id);
    await c.query(`SET session_replication_role = replica`);
    await c.query(
      `INSERT INTO modules (vendor_id, slug, name, status, type, category, short_description, description, rating_average, rating_count,
                            published_at, created_at, updated_at)
       SELECT 1 + (g % 3), 'bench-module-' || g, 'Bench ' || ($2::text[])[1 + g % 12] || ' ' || g, 'published', 'ready_made',
              ($1::text[])[1 + g % 6],
              'Benchmark module number ' || g || ' for ' || ($1::text[])[1 + g % 6],
              'A module for ' || ($1::text[])[1 + g % 6] || ' teams. ' || CASE WHEN g % 500 = 0 THEN 'Ships with a zeppelin dashboard. ' ELSE '' END
                || repeat('Lorem ipsum dolor sit amet. ', 1 + g % 5),
              CASE WHEN g % 9 = 0 THEN NULL ELSE ((g % 41) / 10.0 + 1)::numeric(3,2) END, g % 37,
              timestamp '2025-01-01' + g * interval '1 minute', now(), now()
       FROM generate_series($4::int + 1, $4::int + $3::int) g`,
      [CATEGORIES, NOUNS, n, offset],
    );
    await c.query(
      `INSERT INTO module_versions (module_id, version, channel, status, hash, release_date, created_at)
       SELECT m.id, v.version, 'stable', (CASE WHEN v.k = 2 AND m.id % 4 = 0 THEN 'pending' ELSE 'stable' END)::"VersionStatus",
              lpad(to_hex(m.id), 64, '0'), now(), now()
       FROM modules m CROSS JOIN (VALUES (0, '1.0.0'), (1, '1.1.0'), (2, '2.0.0')) AS v(k, version)
       WHERE m.id > $1`,
      [before],
    );
    await c.query(
      `INSERT INTO module_core_compatibility (version_id, software_id, min_core_version, max_core_version)
       SELECT mv.id, 1,
              CASE WHEN mv.version = '2.0.0' THEN '2.' || (mv.module_id % 5) || '.0' ELSE '1.' || (mv.module_id % 10) || '.0' END,
              CASE WHEN mv.version = '2.0.0' THEN NULL ELSE '1.' || (mv.module_id % 10) || '.9' END
       FROM module_versions mv WHERE mv.module_id > $1`,
      [before],
    );
    await c.query(
      `INSERT INTO module_pricing_plans (module_id, plan_type, name, price_amount, billing_cycle, sort_order, created_at)
       SELECT m.id, p.t::"PlanType", p.name, CASE WHEN p.t = 'subscription' THEN 5 + (m.id * 7) % 95 ELSE 100 + (m.id * 13) % 400 END,
              p.c::"BillingCycle", p.o, now()
       FROM modules m CROSS JOIN (VALUES ('subscription', 'Monthly', 'monthly', 1), ('perpetual', 'Lifetime', 'once', 2)) AS p(t, name, c, o)
       WHERE m.id > $1`,
      [before],
    );
    await c.query(`SET session_replication_role = origin`);
    // Statistics of the new rows before the refresh: planned on a near-empty database's statistics, its
    // per-module lookups were hash joins over whole tables (a 100 000-module build from scratch took minutes).
    await c.query(`ANALYZE modules, module_versions, module_core_compatibility, module_pricing_plans`);
    const loaded = Date.now();
    log(`  rows inserted in ${((loaded - t0) / 1000).toFixed(1)} s`);
    const hi = Number((await c.query(`SELECT max(id) AS id FROM modules`)).rows[0].id);
    for (let lo = before + 1; lo <= hi; lo += 20000) {
      await c.query(`SELECT catalog_refresh(ARRAY(SELECT id FROM modules WHERE id BETWEEN $1 AND $2))`, [lo, lo + 19999]);
    }
    log(`  projection refreshed in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);
    await c.query(`VACUUM ANALYZE`);
  } finally {
    await c.end();
  }
  return (Date.now() - t0) / 1000;
}
