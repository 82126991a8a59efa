-- The catalog's read model (issue 16): catalog_entries holds one row per listed module with every
-- key the storefront filters and sorts on, kept current inside each writing transaction by
-- statement-level triggers. The visibility rule lives here once: catalog_version_visible() (a version
-- buyers may see) and catalog_module_listed() (a module the storefront lists).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateTable
CREATE TABLE "catalog_entries" (
    "module_id" INTEGER NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "vendor_verified" BOOLEAN NOT NULL,
    "type" "ModuleType" NOT NULL,
    "category_key" TEXT,
    "name_key" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "published_key" TIMESTAMP(3) NOT NULL,
    "rating_key" DECIMAL(3,2) NOT NULL,
    "rating_count" INTEGER NOT NULL,
    "price_missing" INTEGER NOT NULL,
    "price_key" DECIMAL(12,2) NOT NULL,
    "plan_kinds" TEXT[],
    "installs" INTEGER NOT NULL,
    "short_key" TEXT NOT NULL,
    "vendor_key" TEXT NOT NULL,
    "description_key" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "core_ranges" nummultirange NOT NULL,
    "refreshed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_entries_pkey" PRIMARY KEY ("module_id")
);

-- CreateIndex
CREATE INDEX "catalog_entries_published_key_module_id_idx" ON "catalog_entries"("published_key" DESC, "module_id" DESC);

-- CreateIndex
CREATE INDEX "catalog_entries_name_key_module_id_idx" ON "catalog_entries"("name_key", "module_id");

-- CreateIndex
CREATE INDEX "catalog_entries_price_missing_price_key_module_id_idx" ON "catalog_entries"("price_missing", "price_key", "module_id");

-- CreateIndex
CREATE INDEX "catalog_entries_rating_key_rating_count_module_id_idx" ON "catalog_entries"("rating_key" DESC, "rating_count" DESC, "module_id");

-- CreateIndex
CREATE INDEX "catalog_entries_installs_module_id_idx" ON "catalog_entries"("installs" DESC, "module_id");

-- CreateIndex
CREATE INDEX "catalog_entries_category_key_published_key_module_id_idx" ON "catalog_entries"("category_key", "published_key" DESC, "module_id" DESC);

-- CreateIndex
CREATE INDEX "catalog_entries_vendor_id_idx" ON "catalog_entries"("vendor_id");

-- CreateIndex
CREATE INDEX "catalog_entries_search_text_idx" ON "catalog_entries" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "catalog_entries_core_ranges_idx" ON "catalog_entries" USING GIST ("core_ranges");

-- AddForeignKey
ALTER TABLE "catalog_entries" ADD CONSTRAINT "catalog_entries_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ───────────────────────────────────────────── the visibility rule (one place)

-- A version buyers may see: approved (beta or stable). Every catalog read and the projection use it.
CREATE FUNCTION catalog_version_visible(v module_versions) RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT v.status IN ('beta', 'stable') $$;

-- A module the storefront lists: published, with at least one visible version.
CREATE FUNCTION catalog_module_listed(m modules) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT m.status = 'published'
       AND EXISTS (SELECT 1 FROM module_versions mv WHERE mv.module_id = m.id AND catalog_version_visible(mv))
  $$;

-- ───────────────────────────────────────────── core ranges as numbers

-- A declared core range [min, max] of a software as a numeric range: one block of 10^30 per software,
-- MAJOR·10^20 + MINOR·10^10 + PATCH inside it (each part < 10^10). Exact for release core versions
-- (a pre-release max excludes its own release), pre-release cores are decided by @wk/domain instead.
-- A malformed or empty range becomes a marker point (software block + 0.5) that no core version
-- hits but that still says "declares this software".
CREATE FUNCTION catalog_core_range(software_id integer, min_version text, max_version text) RETURNS numrange
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  semver constant text := '^(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$';
  base constant numeric := software_id::numeric * 1e30;
  marker constant numrange := numrange(base + 0.5, base + 0.5, '[]');
  lo text[];
  hi text[];
  lo_key numeric;
  hi_key numeric;
BEGIN
  lo := regexp_match(min_version, semver);
  IF lo IS NULL THEN RETURN marker; END IF;
  lo_key := base + lo[1]::numeric * 1e20 + lo[2]::numeric * 1e10 + lo[3]::numeric;
  IF max_version IS NULL THEN RETURN numrange(lo_key, base + 1e30, '[)'); END IF;
  hi := regexp_match(max_version, semver);
  IF hi IS NULL THEN RETURN marker; END IF;
  hi_key := base + hi[1]::numeric * 1e20 + hi[2]::numeric * 1e10 + hi[3]::numeric;
  IF hi[4] IS NOT NULL THEN
    IF hi_key <= lo_key THEN RETURN marker; END IF;
    RETURN numrange(lo_key, hi_key, '[)');
  END IF;
  IF hi_key < lo_key THEN RETURN marker; END IF;
  RETURN numrange(lo_key, hi_key, '[]');
END $$;

-- The key of a release core version of a software (NULL for a pre-release or malformed version).
CREATE FUNCTION catalog_core_key(software_id integer, core_version text) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$
    SELECT software_id::numeric * 1e30 + p[1]::numeric * 1e20 + p[2]::numeric * 1e10 + p[3]::numeric
    FROM regexp_match(core_version, '^(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$') AS p
  $$;

-- ───────────────────────────────────────────── the refresh

-- Recomputes the rows of the given modules (inserts, updates, or deletes them when no longer listed).
-- Locks the modules' rows first so that concurrent writers refresh one after the other, each reading
-- what the previous one committed.
CREATE FUNCTION catalog_refresh(ids integer[]) RETURNS void
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
END $$;

-- ───────────────────────────────────────────── the writes that change it

CREATE FUNCTION catalog_touch_modules() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh(ARRAY(SELECT DISTINCT id FROM changed_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION catalog_touch_by_module() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh(ARRAY(SELECT DISTINCT module_id FROM changed_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION catalog_touch_compat() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh(ARRAY(
    SELECT DISTINCT mv.module_id FROM changed_rows c JOIN module_versions mv ON mv.id = c.version_id));
  RETURN NULL;
END $$;

CREATE FUNCTION catalog_touch_vendors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh(ARRAY(
    SELECT m.id FROM changed_rows n JOIN old_rows o ON o.id = n.id JOIN modules m ON m.vendor_id = n.id
    WHERE (n.name, n.is_verified, n.is_official) IS DISTINCT FROM (o.name, o.is_verified, o.is_official)));
  RETURN NULL;
END $$;

-- Installs alone: activations and deactivations update only the count (no full refresh inside the
-- activation's transaction). The entry rows are locked first so that the count, read by the next
-- statement, sees what a concurrent activation committed.
CREATE FUNCTION catalog_refresh_installs(ids integer[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM catalog_entries WHERE module_id = ANY(ids) ORDER BY module_id FOR UPDATE;
  UPDATE catalog_entries e
  SET installs = (SELECT count(*)::int FROM instance_modules im WHERE im.module_id = e.module_id AND im.is_active)
  WHERE e.module_id = ANY(ids);
END $$;

CREATE FUNCTION catalog_touch_installs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh_installs(ARRAY(SELECT DISTINCT module_id FROM changed_rows ORDER BY 1));
  RETURN NULL;
END $$;

-- Only writes that change is_active (or the module) change a count.
CREATE FUNCTION catalog_touch_installs_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_refresh_installs(ARRAY(
    SELECT n.module_id FROM changed_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.is_active IS DISTINCT FROM o.is_active OR n.module_id <> o.module_id
    UNION SELECT o.module_id FROM changed_rows n JOIN old_rows o ON o.id = n.id WHERE n.module_id <> o.module_id
    ORDER BY 1));
  RETURN NULL;
END $$;

CREATE TRIGGER catalog_modules_ins AFTER INSERT ON modules REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_modules();
CREATE TRIGGER catalog_modules_upd AFTER UPDATE ON modules REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_modules();

CREATE TRIGGER catalog_vendors_upd AFTER UPDATE ON vendors REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_vendors();

CREATE TRIGGER catalog_versions_ins AFTER INSERT ON module_versions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();
CREATE TRIGGER catalog_versions_upd AFTER UPDATE ON module_versions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();
CREATE TRIGGER catalog_versions_del AFTER DELETE ON module_versions REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();

CREATE TRIGGER catalog_compat_ins AFTER INSERT ON module_core_compatibility REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_compat();
CREATE TRIGGER catalog_compat_upd AFTER UPDATE ON module_core_compatibility REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_compat();
CREATE TRIGGER catalog_compat_del AFTER DELETE ON module_core_compatibility REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_compat();

CREATE TRIGGER catalog_plans_ins AFTER INSERT ON module_pricing_plans REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();
CREATE TRIGGER catalog_plans_upd AFTER UPDATE ON module_pricing_plans REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();
CREATE TRIGGER catalog_plans_del AFTER DELETE ON module_pricing_plans REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_by_module();

CREATE TRIGGER catalog_installs_ins AFTER INSERT ON instance_modules REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_installs();
CREATE TRIGGER catalog_installs_upd AFTER UPDATE ON instance_modules REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_installs_update();
CREATE TRIGGER catalog_installs_del AFTER DELETE ON instance_modules REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_touch_installs();

-- Existing data.
SELECT catalog_refresh(ARRAY(SELECT id FROM modules));
