-- Issue 16: the core filter answered exactly by an index. catalog_entries.core_ranges is a multirange whose
-- GiST index holds each module's outer bounds, so a module declaring 1.x and 2.x matched every core between
-- them and was rechecked (about 75 000 rechecks for a capped count at 100 000 modules). catalog_core_ranges
-- holds one row per disjoint range of that multirange (at most one row of a module contains a core version),
-- GiST-indexed; catalog_refresh() now keeps it current with the entry, in the same writing transaction.
-- CreateTable
CREATE TABLE "catalog_core_ranges" (
    "module_id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "core_range" numrange NOT NULL,

    CONSTRAINT "catalog_core_ranges_pkey" PRIMARY KEY ("module_id","seq")
);

-- CreateIndex
CREATE INDEX "catalog_core_ranges_core_range_idx" ON "catalog_core_ranges" USING GIST ("core_range");

-- CreateIndex
CREATE INDEX "catalog_entries_name_key_idx" ON "catalog_entries" USING GIN ("name_key" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "catalog_core_ranges" ADD CONSTRAINT "catalog_core_ranges_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "catalog_entries"("module_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───────────────────────────────────────────── the refresh, now also writing catalog_core_ranges
-- Same as 20261206024940_catalog_projection, plus the last two statements.
CREATE OR REPLACE FUNCTION catalog_refresh(ids integer[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM modules WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO catalog_entries AS e (
    module_id, vendor_id, vendor_verified, type, category_key, name_key, slug, published_key, rating_key, rating_count,
    price_missing, price_key, plan_kinds, installs, short_key, vendor_key, description_key, search_text, core_ranges, refreshed_at)
  SELECT m.id, m.vendor_id, (v.is_verified OR v.is_official), m.type, lower(m.category), lower(m.name), m.slug,
         COALESCE(m.published_at, m.created_at), COALESCE(m.rating_average, -1), m.rating_count,
         CASE WHEN pr.entry IS NULL THEN 1 ELSE 0 END, COALESCE(pr.entry, 0), COALESCE(pr.kinds, '{}'), COALESCE(ins.n, 0),
         lower(COALESCE(m.short_description, '')), lower(v.name), lower(COALESCE(m.description, '')),
         lower(concat_ws(E'\n', m.name, m.slug, m.category, m.short_description, m.description, v.name)),
         COALESCE(cr.ranges, '{}'::nummultirange), now()
  FROM modules m
  JOIN vendors v ON v.id = m.vendor_id
  LEFT JOIN LATERAL (
    SELECT min(CASE WHEN p.plan_type IN ('free', 'freemium') THEN 0 WHEN p.plan_type = 'custom' THEN p.custom_rate_per_day ELSE p.price_amount END) AS entry,
           array_remove(ARRAY[
             CASE WHEN bool_or(p.plan_type IN ('free', 'freemium') OR (p.plan_type <> 'custom' AND p.price_amount = 0)) THEN 'FREE' END,
             CASE WHEN bool_or(p.plan_type = 'subscription') THEN 'SUBSCRIPTION' END,
             CASE WHEN bool_or(p.plan_type = 'perpetual') THEN 'PERPETUAL' END,
             CASE WHEN bool_or(p.plan_type = 'custom') THEN 'CUSTOM' END], NULL) AS kinds
    FROM module_pricing_plans p WHERE p.module_id = m.id AND p.is_active
  ) pr ON TRUE
  LEFT JOIN LATERAL (
    SELECT count(*)::int AS n FROM instance_modules im WHERE im.module_id = m.id AND im.is_active
  ) ins ON TRUE
  LEFT JOIN LATERAL (
    SELECT range_agg(catalog_core_range(c.software_id, c.min_core_version, c.max_core_version)) AS ranges
    FROM module_versions mv JOIN module_core_compatibility c ON c.version_id = mv.id
    WHERE mv.module_id = m.id AND catalog_version_visible(mv)
  ) cr ON TRUE
  WHERE m.id = ANY(ids) AND catalog_module_listed(m)
  ORDER BY m.id
  ON CONFLICT (module_id) DO UPDATE SET
    vendor_id = EXCLUDED.vendor_id, vendor_verified = EXCLUDED.vendor_verified, type = EXCLUDED.type,
    category_key = EXCLUDED.category_key, name_key = EXCLUDED.name_key, slug = EXCLUDED.slug,
    published_key = EXCLUDED.published_key, rating_key = EXCLUDED.rating_key, rating_count = EXCLUDED.rating_count,
    price_missing = EXCLUDED.price_missing, price_key = EXCLUDED.price_key, plan_kinds = EXCLUDED.plan_kinds,
    installs = EXCLUDED.installs, short_key = EXCLUDED.short_key, vendor_key = EXCLUDED.vendor_key,
    description_key = EXCLUDED.description_key, search_text = EXCLUDED.search_text, core_ranges = EXCLUDED.core_ranges,
    refreshed_at = EXCLUDED.refreshed_at;
  DELETE FROM catalog_entries e
  WHERE e.module_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM modules m WHERE m.id = e.module_id AND catalog_module_listed(m));
  -- One row per disjoint range (a module no longer listed lost its rows with its entry: ON DELETE CASCADE).
  DELETE FROM catalog_core_ranges r WHERE r.module_id = ANY(ids);
  INSERT INTO catalog_core_ranges (module_id, seq, core_range)
  SELECT e.module_id, r.seq, r.core_range
  FROM catalog_entries e, unnest(e.core_ranges) WITH ORDINALITY AS r(core_range, seq)
  WHERE e.module_id = ANY(ids);
END $$;

-- Existing data.
INSERT INTO catalog_core_ranges (module_id, seq, core_range)
SELECT e.module_id, r.seq, r.core_range
FROM catalog_entries e, unnest(e.core_ranges) WITH ORDINALITY AS r(core_range, seq);
