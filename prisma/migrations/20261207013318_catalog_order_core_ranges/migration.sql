-- Issue 16: the core filter with any sort. Each order's index now ends with core_ranges (after the unique
-- module_id, so every order is unchanged): a page filtered by a core version walks its order's index and tests
-- the module's multirange in the index tuple (containment is exact), instead of probing catalog_core_ranges or
-- fetching every compatible row. The multirange's GiST index (outer bounds only, rechecked) is no longer used.

-- DropIndex
DROP INDEX "catalog_entries_core_ranges_idx";

-- DropIndex
DROP INDEX "catalog_entries_installs_module_id_idx";

-- DropIndex
DROP INDEX "catalog_entries_name_key_module_id_idx";

-- DropIndex
DROP INDEX "catalog_entries_price_missing_price_key_module_id_idx";

-- DropIndex
DROP INDEX "catalog_entries_published_key_module_id_idx";

-- DropIndex
DROP INDEX "catalog_entries_rating_key_rating_count_module_id_idx";

-- CreateIndex
CREATE INDEX "catalog_entries_published_key_module_id_core_ranges_idx" ON "catalog_entries"("published_key" DESC, "module_id" DESC, "core_ranges");

-- CreateIndex
CREATE INDEX "catalog_entries_name_key_module_id_core_ranges_idx" ON "catalog_entries"("name_key", "module_id", "core_ranges");

-- CreateIndex
CREATE INDEX "catalog_entries_price_missing_price_key_module_id_core_rang_idx" ON "catalog_entries"("price_missing", "price_key", "module_id", "core_ranges");

-- CreateIndex
CREATE INDEX "catalog_entries_rating_key_rating_count_module_id_core_rang_idx" ON "catalog_entries"("rating_key" DESC, "rating_count" DESC, "module_id", "core_ranges");

-- CreateIndex
CREATE INDEX "catalog_entries_installs_module_id_core_ranges_idx" ON "catalog_entries"("installs" DESC, "module_id", "core_ranges");
