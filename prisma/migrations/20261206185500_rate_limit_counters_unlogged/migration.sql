-- Rate-limit counters live for one window (a minute): they need no WAL. Every GraphQL request and
-- every instance API request updates its counter row; on a logged table each of those commits waited
-- for a WAL flush while holding the hot row (one client IP: every request on the same row), so the
-- whole API went at the disk's flush rate (issue 16). An unlogged table is still shared by every API
-- process and exact (the same atomic upsert); after a PostgreSQL crash it comes back empty, which
-- only opens a fresh window early.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
