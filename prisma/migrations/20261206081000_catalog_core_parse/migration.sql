-- Issue 16: the core range parsers without regexp_match. Its capture groups cost about 1 ms per call on
-- PostgreSQL 18 here (a bulk refresh of 100 000 modules spent minutes in catalog_core_range); a DFA test
-- with ~ and split_part give the same results in microseconds (catalog-projection.test.ts checks them
-- against @wk/domain). Same signatures and results as 20261206024940_catalog_projection.
CREATE OR REPLACE FUNCTION catalog_core_range(software_id integer, min_version text, max_version text) RETURNS numrange
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  semver constant text := '^(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$';
  base constant numeric := software_id::numeric * 1e30;
  marker constant numrange := numrange(base + 0.5, base + 0.5, '[]');
  lo text[];
  hi text[];
  hi_pre boolean;
  lo_key numeric;
  hi_key numeric;
BEGIN
  IF min_version IS NULL OR min_version !~ semver THEN RETURN marker; END IF;
  lo := string_to_array(split_part(split_part(min_version, '+', 1), '-', 1), '.');
  lo_key := base + lo[1]::numeric * 1e20 + lo[2]::numeric * 1e10 + lo[3]::numeric;
  IF max_version IS NULL THEN RETURN numrange(lo_key, base + 1e30, '[)'); END IF;
  IF max_version !~ semver THEN RETURN marker; END IF;
  hi := string_to_array(split_part(split_part(max_version, '+', 1), '-', 1), '.');
  hi_pre := strpos(split_part(max_version, '+', 1), '-') > 0;
  hi_key := base + hi[1]::numeric * 1e20 + hi[2]::numeric * 1e10 + hi[3]::numeric;
  IF hi_pre THEN
    IF hi_key <= lo_key THEN RETURN marker; END IF;
    RETURN numrange(lo_key, hi_key, '[)');
  END IF;
  IF hi_key < lo_key THEN RETURN marker; END IF;
  RETURN numrange(lo_key, hi_key, '[]');
END $$;

CREATE OR REPLACE FUNCTION catalog_core_key(software_id integer, core_version text) RETURNS numeric
  LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN core_version ~ '^(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,9})(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$'
      THEN software_id::numeric * 1e30 + p[1]::numeric * 1e20 + p[2]::numeric * 1e10 + p[3]::numeric END
    FROM (SELECT string_to_array(split_part(core_version, '+', 1), '.') AS p) AS parts
  $$;
