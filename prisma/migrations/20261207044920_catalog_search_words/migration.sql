-- Issue 16: the catalog's search at any size. A term is matched as a substring of catalog_entries.search_text;
-- the trigram GIN index on that text was slow for a common term (a bitmap of every match), and a rare term
-- sorted by anything but relevance walked its order's index through most of the catalog. Now:
-- - catalog_words: every whitespace-separated word of the search texts, trigram-indexed. A term never holds
--   whitespace (the API splits the search on it), so it is a substring of a search text exactly when it is a
--   substring of one of its words: "the words containing the term" is a small exact index read.
-- - catalog_entries.word_ids: the ids of the entry's words (GIN-indexed, and carried by the newest order's
--   index), and catalog_entry_words: the same as (word, entry) rows, so how many entries hold a term's words
--   is a narrow index-only count (catalog.queries.ts chooses the page's plan with it).
-- catalog_refresh() keeps all three current in the writing transaction, as it does the rest of the entry.
-- Words are split on space, tab, line feed, carriage return, form feed and vertical tab: each is whitespace
-- for the API's split (JavaScript's \s), so no term spans two words.

-- DropIndex
DROP INDEX "catalog_entries_published_key_module_id_core_ranges_idx";

-- AlterTable
ALTER TABLE "catalog_entries" ADD COLUMN     "word_ids" INTEGER[];

-- CreateTable
CREATE TABLE "catalog_words" (
    "id" SERIAL NOT NULL,
    "word" TEXT NOT NULL,

    CONSTRAINT "catalog_words_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_entry_words" (
    "word_id" INTEGER NOT NULL,
    "module_id" INTEGER NOT NULL,

    CONSTRAINT "catalog_entry_words_pkey" PRIMARY KEY ("word_id","module_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "catalog_words_word_key" ON "catalog_words"("word");

-- CreateIndex
CREATE INDEX "catalog_words_word_idx" ON "catalog_words" USING GIN ("word" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "catalog_entry_words_module_id_idx" ON "catalog_entry_words"("module_id");

-- CreateIndex
CREATE INDEX "catalog_entries_published_key_module_id_core_ranges_word_id_idx" ON "catalog_entries"("published_key" DESC, "module_id" DESC, "core_ranges", "word_ids");

-- CreateIndex
CREATE INDEX "catalog_entries_word_ids_idx" ON "catalog_entries" USING GIN ("word_ids");

-- AddForeignKey
ALTER TABLE "catalog_entry_words" ADD CONSTRAINT "catalog_entry_words_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "catalog_entries"("module_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ───────────────────────────────────────────── words

-- The distinct words of a text (split on ASCII whitespace, see above). A word over 600 characters (a long
-- link, an inline image) is stored as pieces of 600 starting every 400, so that it fits the unique index and
-- any substring of up to 200 characters lies whole in one piece (a search term holds at most 100; catalog.queries.ts
-- reads longer terms from the search text itself).
CREATE FUNCTION catalog_words_of(t text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT COALESCE(array_agg(DISTINCT p.piece), '{}')
    FROM regexp_split_to_table(t, '[ \t\n\r\f\v]+') AS w,
         LATERAL (SELECT w AS piece WHERE length(w) <= 600
                  UNION ALL
                  SELECT substr(w, 1 + k * 400, 600) FROM generate_series(0, (length(w) - 1) / 400) AS k WHERE length(w) > 600) AS p
    WHERE w <> ''
  $$;

-- The search text of a module (lower-cased, one field per line): the same expression as before, in one place.
CREATE FUNCTION catalog_search_text(m modules, vendor_name text) RETURNS text
  LANGUAGE sql STABLE AS $$
    SELECT lower(concat_ws(E'\n', m.name, m.slug, m.category, m.short_description, m.description, vendor_name))
  $$;

-- ───────────────────────────────────────────── the refresh, now also writing the words
-- Same as 20261206152653_catalog_core_range_rows, plus: the modules' words are added to catalog_words first
-- (sorted, so concurrent refreshes take the unique index's locks in one order; an existing word is not
-- locked), the entry stores their ids, and catalog_entry_words follows word_ids (only the changed rows).
CREATE OR REPLACE FUNCTION catalog_refresh(ids integer[]) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM modules WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
  INSERT INTO catalog_words (word)
  SELECT DISTINCT w
  FROM modules m JOIN vendors v ON v.id = m.vendor_id, unnest(catalog_words_of(catalog_search_text(m, v.name))) AS w
  WHERE m.id = ANY(ids) AND catalog_module_listed(m)
  ORDER BY 1
  ON CONFLICT (word) DO NOTHING;
  INSERT INTO catalog_entries AS e (
    module_id, vendor_id, vendor_verified, type, category_key, name_key, slug, published_key, rating_key, rating_count,
    price_missing, price_key, plan_kinds, installs, short_key, vendor_key, description_key, search_text, word_ids, core_ranges,
    refreshed_at)
  SELECT m.id, m.vendor_id, (v.is_verified OR v.is_official), m.type, lower(m.category), lower(m.name), m.slug,
         COALESCE(m.published_at, m.created_at), COALESCE(m.rating_average, -1), m.rating_count,
         CASE WHEN pr.entry IS NULL THEN 1 ELSE 0 END, COALESCE(pr.entry, 0), COALESCE(pr.kinds, '{}'), COALESCE(ins.n, 0),
         lower(COALESCE(m.short_description, '')), lower(v.name), lower(COALESCE(m.description, '')),
         st.text, ARRAY(SELECT cw.id FROM catalog_words cw WHERE cw.word = ANY(catalog_words_of(st.text)) ORDER BY cw.id),
         COALESCE(cr.ranges, '{}'::nummultirange), now()
  FROM modules m
  JOIN vendors v ON v.id = m.vendor_id
  CROSS JOIN LATERAL (SELECT catalog_search_text(m, v.name) AS text) st
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
    description_key = EXCLUDED.description_key, search_text = EXCLUDED.search_text, word_ids = EXCLUDED.word_ids,
    core_ranges = EXCLUDED.core_ranges, refreshed_at = EXCLUDED.refreshed_at;
  DELETE FROM catalog_entries e
  WHERE e.module_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM modules m WHERE m.id = e.module_id AND catalog_module_listed(m));
  -- One row per disjoint range (a module no longer listed lost its rows with its entry: ON DELETE CASCADE).
  DELETE FROM catalog_core_ranges r WHERE r.module_id = ANY(ids);
  INSERT INTO catalog_core_ranges (module_id, seq, core_range)
  SELECT e.module_id, r.seq, r.core_range
  FROM catalog_entries e, unnest(e.core_ranges) WITH ORDINALITY AS r(core_range, seq)
  WHERE e.module_id = ANY(ids);
  -- The postings follow word_ids (likewise cascaded with the entry); unchanged words keep their rows.
  DELETE FROM catalog_entry_words w
  WHERE w.module_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM catalog_entries e WHERE e.module_id = w.module_id AND w.word_id = ANY(e.word_ids));
  INSERT INTO catalog_entry_words (word_id, module_id)
  SELECT u.word_id, e.module_id
  FROM catalog_entries e, unnest(e.word_ids) AS u(word_id)
  WHERE e.module_id = ANY(ids)
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
END $$;

-- Existing data.
INSERT INTO catalog_words (word)
SELECT DISTINCT w FROM catalog_entries e, unnest(catalog_words_of(e.search_text)) AS w ORDER BY 1;
UPDATE catalog_entries e
SET word_ids = ARRAY(SELECT cw.id FROM catalog_words cw WHERE cw.word = ANY(catalog_words_of(e.search_text)) ORDER BY cw.id);
INSERT INTO catalog_entry_words (word_id, module_id)
SELECT u.word_id, e.module_id FROM catalog_entries e, unnest(e.word_ids) AS u(word_id) ORDER BY 1, 2;
