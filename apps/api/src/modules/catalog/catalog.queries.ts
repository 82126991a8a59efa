/**
 * The catalog's SQL. Statement budget (issue 3): a catalog page costs at most 3 statements
 * whatever its size — (1) the compatibility pre-selection, only for a pre-release core version,
 * (2) the filtered, sorted, keyset-paginated page of ids with the total count, (3) every detail
 * the page shows, aggregated as JSON. A module page costs one details statement (plus the
 * cores of the matrix and the viewer's instances). All values are bound parameters; only
 * constant fragments from this file are spliced with Prisma.raw.
 *
 * Pages and counts read catalog_entries (issue 16), the projection that the migration
 * 20261206024940_catalog_projection keeps current with triggers: one row per listed module with
 * its sort keys (each order has a matching index), its search text with the ids of its words (the word
 * index of 20261207044920_catalog_search_words: catalog_words, word_ids, catalog_entry_words) and the approved
 * versions' core ranges (a nummultirange, and one GiST-indexed row per disjoint range in
 * catalog_core_ranges for "contains core X"). The visibility rule is written once, in SQL:
 * catalog_version_visible(version) and catalog_module_listed(module); a module is listed exactly
 * when it has a catalog_entries row.
 */
import { Prisma, type RawDb } from '@wk/db';

/** A Prisma client, a transaction's client, or `rawDb(prisma)` (the same statements on the pg pool). */
type Db = Pick<RawDb, '$queryRaw'>;

/** A module is listed (published, with a visible version): it has a row in the projection. */
export function listed(alias: string): Prisma.Sql {
  return Prisma.raw(`EXISTS (SELECT 1 FROM catalog_entries ${alias}_ce WHERE ${alias}_ce.module_id = ${alias}.id)`);
}

/** A version buyers may see (approved): the one rule, catalog_version_visible() in SQL. */
export function visibleVersion(alias: string): Prisma.Sql {
  return Prisma.raw(`catalog_version_visible(${alias})`);
}

/** An exact count up to this many matches; beyond it the count says "at least" (totalCountIsExact false). */
export const COUNT_CAP = 1000;

// ───────────────────────────────────────────── (1) compatibility pre-selection

export interface CompatCandidate {
  moduleId: number;
  versionId: number;
  softwareId: number;
  min: string;
  max: string | null;
}

const RELEASE_RE = `'^[0-9]+\\.[0-9]+\\.[0-9]+'`;
const releaseArray = (col: string) => Prisma.raw(`string_to_array(substring(${col} from '^([0-9]+\\.[0-9]+\\.[0-9]+)'), '.')::numeric[]`);

/**
 * Compatibility ranges of approved versions of listed modules that may contain a pre-release core
 * version (release core versions are answered by catalog_entries.core_ranges in the page itself).
 * SQL narrows by the release part (MAJOR.MINOR.PATCH compared as numbers, a necessary condition);
 * the caller decides exactly with @wk/domain's semver rules (pre-releases included).
 */
export async function compatCandidates(
  db: Db,
  opts: { softwareSlug: string | null; coreRelease: [number, number, number] },
): Promise<CompatCandidate[]> {
  const release = `{${opts.coreRelease.join(',')}}`;
  return db.$queryRaw<CompatCandidate[]>`
    SELECT mv.module_id AS "moduleId", mv.id AS "versionId", c.software_id AS "softwareId",
           c.min_core_version AS "min", c.max_core_version AS "max"
    FROM module_core_compatibility c
    JOIN module_versions mv ON mv.id = c.version_id AND catalog_version_visible(mv)
    JOIN catalog_entries e ON e.module_id = mv.module_id
    JOIN softwares s ON s.id = c.software_id
    WHERE (${opts.softwareSlug}::text IS NULL OR s.slug = ${opts.softwareSlug}::text)
      AND (c.min_core_version !~ ${Prisma.raw(RELEASE_RE)} OR ${releaseArray('c.min_core_version')} <= ${release}::numeric[])
      AND (c.max_core_version IS NULL OR c.max_core_version !~ ${Prisma.raw(RELEASE_RE)} OR ${releaseArray('c.max_core_version')} >= ${release}::numeric[])`;
}

// ──────────────────────────────────────────────────────────── (2) the page

export type SortName = 'RELEVANCE' | 'NEWEST' | 'NAME' | 'PRICE' | 'RATING' | 'INSTALLS';
type KeyType = 'numeric' | 'timestamp' | 'text' | 'int';
interface SortKey {
  col: string;
  type: KeyType;
  dir: 'ASC' | 'DESC';
}

/** Each order ends with the id so that every row has a distinct position (stable cursors). */
export const SORT_KEYS: Record<SortName, SortKey[]> = {
  RELEVANCE: [
    { col: 'score', type: 'numeric', dir: 'DESC' },
    { col: 'published_key', type: 'timestamp', dir: 'DESC' },
    { col: 'id', type: 'int', dir: 'DESC' },
  ],
  NEWEST: [
    { col: 'published_key', type: 'timestamp', dir: 'DESC' },
    { col: 'id', type: 'int', dir: 'DESC' },
  ],
  NAME: [
    { col: 'name_key', type: 'text', dir: 'ASC' },
    { col: 'id', type: 'int', dir: 'ASC' },
  ],
  PRICE: [
    { col: 'price_missing', type: 'int', dir: 'ASC' },
    { col: 'price_key', type: 'numeric', dir: 'ASC' },
    { col: 'id', type: 'int', dir: 'ASC' },
  ],
  RATING: [
    { col: 'rating_key', type: 'numeric', dir: 'DESC' },
    { col: 'rating_count', type: 'int', dir: 'DESC' },
    { col: 'id', type: 'int', dir: 'ASC' },
  ],
  INSTALLS: [
    { col: 'installs', type: 'int', dir: 'DESC' },
    { col: 'id', type: 'int', dir: 'ASC' },
  ],
};

/** How each sort key is rendered into the cursor (text, exactly as stored) and read back. */
const KEY_TEXT: Record<string, string> = {
  score: 'score::text',
  published_key: `to_char(published_key, 'YYYY-MM-DD"T"HH24:MI:SS.MS')`,
  name_key: 'name_key',
  price_missing: 'price_missing',
  price_key: 'price_key::text',
  rating_key: 'rating_key::text',
  rating_count: 'rating_count',
  installs: 'installs',
  id: 'id',
};

export interface PageQuery {
  sort: SortName;
  /** Lower-cased words; every word must match. */
  terms: string[];
  /** The whole search, lower-cased (an exact name match ranks first). */
  phrase: string | null;
  moduleIds: number[] | null;
  softwareSlug: string | null;
  /** A release core version ("2.0.0"): modules with an approved version whose range contains it. */
  coreVersion: string | null;
  category: string | null;
  type: string | null;
  planType: 'FREE' | 'SUBSCRIPTION' | 'PERPETUAL' | 'CUSTOM' | null;
  vendorSlug: string | null;
  verifiedOnly: boolean;
  /** Sort key values of the last row seen (without the sort name). */
  after: (string | number)[] | null;
  limit: number;
}

export interface PageRow {
  total: number;
  /** False when the count stopped at COUNT_CAP (total is then a lower bound). */
  exact: boolean;
  id: number | null;
  keys: (string | number)[];
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A term read through the word index (catalog_words, catalog_entries.word_ids): 3 to 200 characters. A shorter
 * term has no trigram to find its words by, and catalog_words_of() keeps any substring of up to 200 characters
 * of a long word whole in one piece; such terms are read from the search text itself.
 */
const wordIndexed = (term: string) => term.length >= 3 && term.length <= 200;

/** Terms contained in more words than this are tested on the search text, row by row. */
const OVERLAP_WORDS = 32;
/** Terms contained in more words than this are never read through the word index (the page walks its order). */
const INDEX_WORDS = 256;

/**
 * How the terms are tested. Each test is a CASE, which no index answers and which the planner takes to keep half the
 * rows, so the walk plan walks its order's index (and the count the newest order's index, which carries word_ids)
 * and stops early; with 'index' (the narrow plan) one more condition, `word_ids && driver`, lets the GIN index
 * read the matches. All are exact.
 */
type TermTest = 'index' | 'walk';

function searchParts(q: PageQuery, test: TermTest = 'walk'): { score: Prisma.Sql; where: Prisma.Sql[] } {
  const { terms, phrase } = q;
  if (!terms.length) return { score: Prisma.sql`0`, where: [] };
  const scores: Prisma.Sql[] = [Prisma.sql`(CASE WHEN e.name_key = ${phrase} THEN 100 ELSE 0 END)`];
  const where: Prisma.Sql[] = [];
  terms.forEach((term, i) => {
    const any = `%${likeEscape(term)}%`;
    const start = `${likeEscape(term)}%`;
    const wordStart = `% ${likeEscape(term)}%`;
    scores.push(Prisma.sql`(CASE WHEN e.name_key LIKE lower(${start}) OR e.name_key LIKE lower(${wordStart}) THEN 50 WHEN e.name_key LIKE lower(${any}) THEN 30 ELSE 0 END)
      + (CASE WHEN e.slug ILIKE ${any} THEN 20 ELSE 0 END)
      + (CASE WHEN e.category_key LIKE lower(${any}) THEN 15 ELSE 0 END)
      + (CASE WHEN e.short_key LIKE lower(${any}) THEN 10 ELSE 0 END)
      + (CASE WHEN e.vendor_key LIKE lower(${any}) THEN 10 ELSE 0 END)
      + (CASE WHEN e.description_key LIKE lower(${any}) THEN 5 ELSE 0 END)`);
    if (wordIndexed(term)) {
      // The term is a substring of the search text exactly when it is a substring of one of its words (it never
      // holds the whitespace the words are split on): the entry holds one of the words containing it. A term
      // contained in many words (a common fragment of slugs) is tested on the text: an overlap with a long array
      // costs more per row than the LIKE.
      const words = Prisma.raw(`(SELECT t${i} FROM term_words)`);
      where.push(
        Prisma.sql`CASE WHEN cardinality(${words}) <= ${Prisma.raw(String(OVERLAP_WORDS))} THEN e.word_ids && ${words} ELSE e.search_text LIKE lower(${any}) END`,
      );
    } else {
      // The keys are stored lower-cased, so LIKE on lower(term): ILIKE case-folds every row's text again.
      where.push(Prisma.sql`e.search_text LIKE lower(${any})`);
    }
  });
  // The narrow plan reads its matches through the GIN index, by the words of the term held by the fewest entries.
  if (test === 'index' && usesWordIndex(q)) where.push(Prisma.sql`e.word_ids && (SELECT driver FROM gate)`);
  return { score: Prisma.join(scores, ' + '), where };
}

/** The words of the catalog containing each word-indexed term (t0, t1, … by the term's position). */
function termWordsSql(q: PageQuery): Prisma.Sql {
  const cols = q.terms.flatMap((t, i) =>
    wordIndexed(t)
      ? [
          // At most INDEX_WORDS + 1: a term in more words is read from the search text (and its array is not used).
          Prisma.sql`ARRAY(SELECT w.id FROM catalog_words w WHERE w.word LIKE lower(${`%${likeEscape(t)}%`}) LIMIT ${Prisma.raw(
            String(INDEX_WORDS + 1),
          )}) AS ${Prisma.raw(`t${i}`)}`,
        ]
      : [],
  );
  return Prisma.sql`term_words AS MATERIALIZED (SELECT ${Prisma.join(cols, ', ')})`;
}

/**
 * Whether a page reads its matches through the word index ("narrow"): some word-indexed term's words are held by
 * at most COUNT_CAP entries in all (catalog_entry_words, an index-only count that stops at the cap). Then every
 * match is among those entries: at most COUNT_CAP, read from the GIN index and sorted. Otherwise every such term
 * is common, and the page walks its order's index (about COUNT_CAP matches or more in the catalog, so a few rows
 * per match), as does the capped count.
 */
function narrowSql(q: PageQuery): Prisma.Sql {
  const postings = q.terms.flatMap((t, i) =>
    wordIndexed(t)
      ? [
          Prisma.raw(
            `((CASE WHEN cardinality((SELECT t${i} FROM term_words)) > ${INDEX_WORDS} THEN ${COUNT_CAP + 1}
              ELSE (SELECT count(*) FROM (SELECT 1 FROM catalog_entry_words ew WHERE ew.word_id = ANY((SELECT t${i} FROM term_words)::int[]) LIMIT ${COUNT_CAP + 1}) p) END),
              (SELECT t${i} FROM term_words))`,
          ),
        ]
      : [],
  );
  return Prisma.sql`gate AS MATERIALIZED (SELECT n <= ${COUNT_CAP} AS narrow, ids AS driver
    FROM (VALUES ${Prisma.join(postings, ', ')}) AS p(n, ids) ORDER BY n LIMIT 1)`;
}

/** A page with a word-indexed term chooses its plan at run time (narrowSql); without one it is planned as before. */
function usesWordIndex(q: PageQuery): boolean {
  return q.terms.some(wordIndexed);
}

/** The filters of a page, on catalog_entries e (shared by the page and its count). */
interface Filters {
  /** Every filter. */
  all: Prisma.Sql;
  /** A release core version of one software: its key (the count starts from catalog_core_ranges), else null. */
  coreKey: Prisma.Sql | null;
  /** Every filter but that core version's. */
  rest: Prisma.Sql;
  /** No filter but that core version's. */
  restEmpty: boolean;
}

function pageFilters(q: PageQuery, search: { where: Prisma.Sql[] }): Filters {
  const where: Prisma.Sql[] = [...search.where];
  let core: Prisma.Sql | null = null;
  let coreKey: Prisma.Sql | null = null;
  if (q.moduleIds) where.push(Prisma.sql`e.module_id = ANY(${q.moduleIds}::int[])`);
  // A release core version: the modules with an approved range containing it, straight from the GiST index of
  // catalog_core_ranges (one row per disjoint range, so no recheck of ranges that only bound it).
  if (q.coreVersion && q.softwareSlug) {
    coreKey = Prisma.sql`(SELECT catalog_core_key(s.id, ${q.coreVersion}) FROM softwares s WHERE s.slug = ${q.softwareSlug})`;
    // The page walks its order's index, which carries each module's core ranges (the multirange's containment is
    // exact), so a module is tested without reading its row; the count starts from catalog_core_ranges (countSql).
    core = Prisma.sql`e.core_ranges @> ${coreKey}`;
  } else if (q.coreVersion) {
    // Any software (rare): the version's key in each software's block, tested on the ranges its order's index
    // carries, so a page walks that index and stops (gathering every module containing the version from several
    // softwares cost a hash of all).
    where.push(Prisma.sql`e.core_ranges @> ANY (ARRAY(SELECT catalog_core_key(s.id, ${q.coreVersion}) FROM softwares s))`);
  } else if (q.softwareSlug) {
    where.push(
      Prisma.sql`e.core_ranges && (SELECT nummultirange(numrange(s.id * 1e30, (s.id + 1) * 1e30)) FROM softwares s WHERE s.slug = ${q.softwareSlug})`,
    );
  }
  if (q.category) where.push(Prisma.sql`e.category_key = lower(${q.category})`);
  if (q.type) where.push(Prisma.sql`e.type = ${q.type}::"ModuleType"`);
  if (q.vendorSlug) where.push(Prisma.sql`e.vendor_id = (SELECT vs.id FROM vendors vs WHERE vs.slug = ${q.vendorSlug})`);
  if (q.verifiedOnly) where.push(Prisma.sql`e.vendor_verified`);
  if (q.planType) where.push(Prisma.sql`e.plan_kinds @> ARRAY[${q.planType}]::text[]`);
  const and = (parts: Prisma.Sql[]) => (parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`TRUE`);
  return { all: and(core ? [...where, core] : where), coreKey, rest: and(where), restEmpty: where.length === 0 };
}

/** Rows after the cursor. Orders whose keys all go one way use a row comparison (one index range). */
function keysetCondition(keys: SortKey[], values: (string | number)[]): Prisma.Sql {
  const typed = (k: SortKey, v: string | number) => Prisma.sql`${v}::${Prisma.raw(k.type)}`;
  const op = (k: SortKey) => Prisma.raw(k.dir === 'ASC' ? '>' : '<');
  if (keys.every((k) => k.dir === keys[0].dir)) {
    return Prisma.sql`(${Prisma.raw(keys.map((k) => k.col).join(', '))}) ${op(keys[0])} (${Prisma.join(
      keys.map((k, i) => typed(k, values[i])),
      ', ',
    )})`;
  }
  const ors: Prisma.Sql[] = keys.map((k, i) => {
    const eqs = keys.slice(0, i).map((p, j) => Prisma.sql`${Prisma.raw(p.col)} = ${typed(p, values[j])}`);
    const cmp = Prisma.sql`${Prisma.raw(k.col)} ${op(k)} ${typed(k, values[i])}`;
    return Prisma.sql`(${Prisma.join([...eqs, cmp], ' AND ')})`;
  });
  // The leading key's bound lets the index start at the cursor.
  const lead = Prisma.sql`${Prisma.raw(keys[0].col)} ${Prisma.raw(keys[0].dir === 'ASC' ? '>=' : '<=')} ${typed(keys[0], values[0])}`;
  return Prisma.sql`(${lead} AND (${Prisma.join(ors, ' OR ')}))`;
}

/**
 * Relevance with a search term ranks a bounded set of candidates: the newest COUNT_CAP + 1 matches
 * (the same walk gives the capped count), the newest COUNT_CAP + 1 modules whose name holds every
 * term, and an exact name match (the strongest matches stay in whatever their age), so a common term
 * costs about the same at any catalog size. With at most COUNT_CAP matches the candidates are all
 * the matches and the order is exact; beyond it the count is labelled "at least" (totalCountIsExact
 * false) and so is the ranking.
 */
function ranksCandidates(q: PageQuery): boolean {
  return q.sort === 'RELEVANCE' && q.terms.length > 0;
}

function candidatesSql(q: PageQuery, f: Filters): { newest: Prisma.Sql; others: Prisma.Sql } {
  const inName = Prisma.join(
    q.terms.map((t) => Prisma.sql`e.name_key LIKE lower(${`%${likeEscape(t)}%`})`),
    ' AND ',
  );
  return {
    newest: Prisma.sql`SELECT e.module_id FROM catalog_entries e WHERE ${f.all}
      ORDER BY e.published_key DESC, e.module_id DESC LIMIT ${COUNT_CAP + 1}`,
    others: Prisma.sql`(SELECT e.module_id FROM catalog_entries e WHERE ${f.all} AND ${inName}
        ORDER BY e.published_key DESC, e.module_id DESC LIMIT ${COUNT_CAP + 1})
      UNION
      (SELECT e.module_id FROM catalog_entries e WHERE ${f.all} AND e.name_key = ${q.phrase})`,
  };
}

/** The capped count: from the candidates' walk, from the core ranges' index, or over the filters. */
function countSql(q: PageQuery, f: Filters): Prisma.Sql {
  if (ranksCandidates(q)) return Prisma.sql`(SELECT count(*)::int FROM candidates)`;
  // At most one range of a module contains a core version: the join counts modules, and the GiST index
  // scan stops at the cap.
  if (f.coreKey) {
    // The core version alone: every range row belongs to a listed module (ON DELETE CASCADE), so the GiST index
    // counts without reading the entries (an index-only scan that stops at the cap).
    if (f.restEmpty) {
      return Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM catalog_core_ranges r WHERE r.core_range @> ${f.coreKey} LIMIT ${COUNT_CAP + 1}) capped)`;
    }
    return Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM catalog_core_ranges r JOIN catalog_entries e ON e.module_id = r.module_id
      WHERE r.core_range @> ${f.coreKey} AND ${f.rest} LIMIT ${COUNT_CAP + 1}) capped)`;
  }
  return Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM catalog_entries e WHERE ${f.all} LIMIT ${COUNT_CAP + 1}) capped)`;
}

/** No filter but the search. */
const searchOnly = (q: PageQuery) =>
  !q.moduleIds && !q.softwareSlug && !q.coreVersion && !q.category && !q.type && !q.planType && !q.vendorSlug && !q.verifiedOnly;

/** Beyond this many words containing the one term, its capped count walks the newest order's index. */
const POSTING_COUNT_WORDS = 8;

/**
 * The capped count of a page whose word-indexed terms are all common: the newest order's index walked (it carries
 * word_ids and core_ranges) until COUNT_CAP + 1 matches. A single term with no other filter, held by a few words,
 * is counted on the postings instead: the first COUNT_CAP + 1 entries of each word (every posting is a listed
 * entry), distinct. Exact up to the cap: either some word has more than COUNT_CAP entries (then so do they all
 * together) or all of its entries were read.
 */
function wideCount(q: PageQuery, walk: Filters): Prisma.Sql {
  const walked = Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM catalog_entries e WHERE ${walk.all}
    ORDER BY e.published_key DESC, e.module_id DESC LIMIT ${COUNT_CAP + 1}) capped)`;
  if (q.terms.length !== 1 || !wordIndexed(q.terms[0]) || !searchOnly(q)) return walked;
  return Prisma.sql`(CASE WHEN cardinality((SELECT t0 FROM term_words)) <= ${POSTING_COUNT_WORDS}
    THEN (SELECT least(count(DISTINCT p.module_id), ${COUNT_CAP + 1})::int FROM unnest((SELECT t0 FROM term_words)) AS w(id),
      LATERAL (SELECT ew.module_id FROM catalog_entry_words ew WHERE ew.word_id = w.id LIMIT ${COUNT_CAP + 1}) p)
    ELSE ${walked} END)`;
}

/** The sort keys each page row carries (the page's order reads them). */
const KEY_COLUMNS = ['name_key', 'published_key', 'rating_key', 'rating_count', 'price_missing', 'price_key', 'installs'];
const keyColumns = (alias: string) => Prisma.raw(KEY_COLUMNS.map((c) => `${alias}.${c}`).join(', '));

/** The page's SQL (exported for the benchmark's EXPLAIN ANALYZE). */
export function catalogPageSql(q: PageQuery): Prisma.Sql {
  const keys = SORT_KEYS[q.sort];
  const search = searchParts(q, 'index');
  const f = pageFilters(q, search);
  const order = Prisma.raw(keys.map((k) => `${k.col} ${k.dir}`).join(', '));
  const keyset = q.after ? keysetCondition(keys, q.after) : Prisma.sql`TRUE`;
  const keyCols = Prisma.raw(keys.map((k, i) => `${KEY_TEXT[k.col]} AS k${i}`).join(', '));
  const page = (total: Prisma.Sql, base: Prisma.Sql) => Prisma.sql`
    SELECT ${total} AS total, page.*
    FROM (SELECT 1) AS one LEFT JOIN (
      SELECT id, ${keyCols}, row_number() OVER (ORDER BY ${order}) AS rn
      FROM (${base}) base
      WHERE ${keyset}
      ORDER BY ${order}
      LIMIT ${q.limit}
    ) page ON TRUE
    ORDER BY page.rn`;
  const scored = (rows: Prisma.Sql) => Prisma.sql`
    SELECT e.module_id AS id, (${search.score})::numeric AS score, ${keyColumns('e')}
    FROM catalog_entries e
    WHERE ${rows}`;

  if (usesWordIndex(q)) {
    // Planned at run time (narrowSql): the narrow plan reads the matches from the word index, the walk plan
    // reads the orders' indexes (its filters are written so that no bitmap of a common term's matches is built).
    const walk = pageFilters(q, searchParts(q, 'walk'));
    const narrow = Prisma.raw('(SELECT narrow FROM gate)');
    const newest = Prisma.raw('ORDER BY e.published_key DESC, e.module_id DESC');
    if (q.sort === 'RELEVANCE') {
      // The candidates as before (ranksCandidates): the newest COUNT_CAP + 1 matches (all of them on the narrow
      // plan), the newest COUNT_CAP + 1 whose name holds every term and an exact name match (both already among
      // the matches on the narrow plan).
      const inName = Prisma.join(
        q.terms.map((t) => Prisma.sql`e.name_key LIKE lower(${`%${likeEscape(t)}%`})`),
        ' AND ',
      );
      return Prisma.sql`
        WITH ${termWordsSql(q)}, ${narrowSql(q)},
        candidates AS MATERIALIZED (
          (SELECT e.module_id FROM catalog_entries e WHERE ${narrow} AND ${f.all})
          UNION ALL
          (SELECT e.module_id FROM catalog_entries e WHERE NOT ${narrow} AND ${walk.all} ${newest} LIMIT ${COUNT_CAP + 1}))
        ${page(
          Prisma.sql`(SELECT count(*)::int FROM candidates)`,
          scored(Prisma.sql`e.module_id IN (SELECT module_id FROM candidates
            UNION (SELECT e.module_id FROM catalog_entries e WHERE NOT ${narrow} AND ${walk.all} AND ${inName} ${newest} LIMIT ${COUNT_CAP + 1})
            UNION (SELECT e.module_id FROM catalog_entries e WHERE NOT ${narrow} AND ${walk.all} AND e.name_key = ${q.phrase}))`),
        )}`;
    }
    // Any other order: the narrow plan sorts the (at most COUNT_CAP) matches; the walk plan walks the order's index.
    return Prisma.sql`
      WITH ${termWordsSql(q)}, ${narrowSql(q)},
      matches AS MATERIALIZED (SELECT e.module_id, ${keyColumns('e')} FROM catalog_entries e WHERE ${narrow} AND ${f.all})
      ${page(
        Prisma.sql`CASE WHEN ${narrow} THEN (SELECT count(*)::int FROM matches) ELSE ${wideCount(q, walk)} END`,
        // Each plan sorts and limits its own rows (the union is not flattened, so the order would not reach the
        // walk's index otherwise); the outer query repeats the cursor's condition, harmlessly.
        Prisma.sql`(SELECT * FROM (SELECT m.module_id AS id, 0::numeric AS score, ${keyColumns('m')} FROM matches m WHERE ${narrow}) n
            WHERE ${keyset} ORDER BY ${order} LIMIT ${q.limit})
          UNION ALL
          (SELECT * FROM (SELECT e.module_id AS id, 0::numeric AS score, ${keyColumns('e')} FROM catalog_entries e WHERE NOT ${narrow} AND ${walk.all}) w
            WHERE ${keyset} ORDER BY ${order} LIMIT ${q.limit})`,
      )}`;
  }

  const cand = ranksCandidates(q) ? candidatesSql(q, f) : null;
  const rows = cand ? Prisma.sql`e.module_id IN (SELECT module_id FROM candidates UNION ${cand.others})` : f.all;
  return Prisma.sql`
    ${cand ? Prisma.sql`WITH candidates AS MATERIALIZED (${cand.newest})` : Prisma.empty}
    ${page(countSql(q, f), scored(rows))}`;
}

export async function catalogPage(db: Db, q: PageQuery): Promise<PageRow[]> {
  const keys = SORT_KEYS[q.sort];
  const rows = await db.$queryRaw<Record<string, unknown>[]>(catalogPageSql(q));
  return rows.map((r) => ({
    total: Math.min(Number(r.total), COUNT_CAP),
    exact: Number(r.total) <= COUNT_CAP,
    id: r.id === null ? null : Number(r.id),
    keys: keys.map((k, i) => (k.type === 'int' ? Number(r[`k${i}`]) : String(r[`k${i}`]))),
  }));
}

// ───────────────────────────────────────────────────────── (3) the details

export interface SoftwareJson {
  id: number;
  name: string;
  slug: string;
  namespace: string | null;
  isActive: boolean;
  createdAt: string;
}

export interface CompatJson {
  id: number;
  softwareId: number;
  software: SoftwareJson;
  min: string;
  max: string | null;
  isVerified: boolean;
  testedAt: string | null;
}

export interface LinkJson {
  id: number;
  moduleId: number;
  slug: string;
  name: string;
  listed: boolean;
}

export interface VersionJson {
  id: number;
  version: string;
  channel: 'stable' | 'beta';
  status: 'beta' | 'stable';
  changelog: string | null;
  isCompatibleWithPrevious: boolean;
  releaseDate: string | null;
  deprecatedAt: string | null;
  compatibility: CompatJson[];
  dependencies: (LinkJson & { type: 'functional' | 'integration'; minVersion: string; isRequired: boolean })[];
  integrations: (LinkJson & { type: string; description: string | null; isBidirectional: boolean })[];
}

export interface PlanJson {
  id: number;
  planType: 'free' | 'freemium' | 'subscription' | 'perpetual' | 'custom';
  name: string;
  priceAmount: string | null;
  priceCurrency: string;
  billingCycle: 'monthly' | 'yearly' | 'once' | 'custom';
  customRatePerDay: string | null;
  features: Record<string, unknown> | null;
  maxUsers: number | null;
  maxInstances: number | null;
  trialDays: number;
}

export interface ContractJson {
  id: number;
  version: string;
  contractType: 'eula' | 'custom';
  termsUrl: string | null;
  body: string | null;
  effectiveFrom: string;
}

export interface DetailsRow {
  id: number;
  slug: string;
  name: string;
  type: 'ready_made' | 'custom';
  category: string | null;
  shortDescription: string | null;
  description: string | null;
  iconUrl: string | null;
  ratingAverage: string | null;
  ratingCount: number;
  activeInstalls: number;
  publishedAt: Date | null;
  vendor: {
    id: number;
    name: string;
    slug: string;
    description: string | null;
    website: string | null;
    isOfficial: boolean;
    isVerified: boolean;
  };
  versions: VersionJson[];
  plans: PlanJson[];
  contract: ContractJson | null;
}

const linkJson = (alias: string) =>
  Prisma.raw(`'moduleId', ${alias}.id, 'slug', ${alias}.slug, 'name', ${alias}.name, 'listed', ${listed(alias).strings.join('')}`);

/** Everything a catalog card or a module page shows, for listed modules only (unless a vendor previews its own), in one statement. */
export async function moduleDetails(
  db: Db,
  by: { ids: number[] } | { slug: string },
  now: Date,
  opts: { includeUnlisted?: boolean } = {},
): Promise<DetailsRow[]> {
  const where = 'ids' in by ? Prisma.sql`m.id = ANY(${by.ids}::int[])` : Prisma.sql`m.slug = ${by.slug}`;
  const at = now.toISOString().replace('Z', '');
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT m.id, m.slug, m.name, m.type::text AS type, m.category, m.short_description AS "shortDescription", m.description,
           m.icon_url AS "iconUrl", m.rating_average::text AS "ratingAverage", m.rating_count AS "ratingCount", m.published_at AS "publishedAt",
           COALESCE(e.installs, 0) AS "activeInstalls",
           json_build_object('id', v.id, 'name', v.name, 'slug', v.slug, 'description', v.description, 'website', v.website,
                             'isOfficial', v.is_official, 'isVerified', v.is_verified) AS vendor,
           COALESCE((
             SELECT json_agg(json_build_object(
               'id', mv.id, 'version', mv.version, 'channel', mv.channel, 'status', mv.status, 'changelog', mv.changelog,
               'isCompatibleWithPrevious', mv.is_compatible_with_previous, 'releaseDate', mv.release_date, 'deprecatedAt', mv.deprecated_at,
               'compatibility', COALESCE((
                 SELECT json_agg(json_build_object('id', c.id, 'softwareId', c.software_id, 'min', c.min_core_version, 'max', c.max_core_version,
                                                   'isVerified', c.is_verified, 'testedAt', c.tested_at,
                                                   'software', json_build_object('id', s.id, 'name', s.name, 'slug', s.slug, 'namespace', s.namespace, 'isActive', s.is_active, 'createdAt', s.created_at))
                                 ORDER BY s.name, c.id)
                 FROM module_core_compatibility c JOIN softwares s ON s.id = c.software_id WHERE c.version_id = mv.id), '[]'::json),
               'dependencies', COALESCE((
                 SELECT json_agg(json_build_object('id', d.id, ${linkJson('dm')}, 'type', d.dependency_type,
                                                   'minVersion', d.min_version, 'isRequired', d.is_required) ORDER BY d.is_required DESC, dm.name, d.id)
                 FROM module_dependencies d JOIN modules dm ON dm.id = d.depends_on_module_id WHERE d.version_id = mv.id), '[]'::json),
               'integrations', COALESCE((
                 SELECT json_agg(json_build_object('id', i.id, ${linkJson('im')}, 'type', i.integration_type,
                                                   'description', i.description, 'isBidirectional', i.is_bidirectional) ORDER BY im.name, i.id)
                 FROM module_integrations i JOIN modules im ON im.id = i.integrates_with_module_id WHERE i.version_id = mv.id), '[]'::json)
             ) ORDER BY mv.id)
             FROM module_versions mv WHERE mv.module_id = m.id AND catalog_version_visible(mv)), '[]'::json) AS versions,
           COALESCE((
             SELECT json_agg(json_build_object('id', p.id, 'planType', p.plan_type, 'name', p.name, 'priceAmount', p.price_amount::text,
                                               'priceCurrency', p.price_currency, 'billingCycle', p.billing_cycle, 'customRatePerDay', p.custom_rate_per_day::text,
                                               'features', p.features_json, 'maxUsers', p.max_users, 'maxInstances', p.max_instances, 'trialDays', p.trial_days)
                             ORDER BY p.sort_order, p.id)
             FROM module_pricing_plans p WHERE p.module_id = m.id AND p.is_active), '[]'::json) AS plans,
           (SELECT json_build_object('id', k.id, 'version', k.version, 'contractType', k.contract_type, 'termsUrl', k.terms_url,
                                     'body', k.body, 'effectiveFrom', k.effective_from)
            FROM module_contracts k WHERE k.module_id = m.id AND k.is_active AND k.effective_from <= ${at}::timestamp
            ORDER BY k.effective_from DESC, k.id DESC LIMIT 1) AS contract
    FROM modules m JOIN vendors v ON v.id = m.vendor_id LEFT JOIN catalog_entries e ON e.module_id = m.id
    WHERE ${opts.includeUnlisted ? Prisma.sql`TRUE` : Prisma.sql`e.module_id IS NOT NULL`} AND ${where}`;
  return rows.map((r) => ({
    id: Number(r.id),
    slug: r.slug as string,
    name: r.name as string,
    type: r.type as DetailsRow['type'],
    category: (r.category as string | null) ?? null,
    shortDescription: (r.shortDescription as string | null) ?? null,
    description: (r.description as string | null) ?? null,
    iconUrl: (r.iconUrl as string | null) ?? null,
    ratingAverage: (r.ratingAverage as string | null) ?? null,
    ratingCount: Number(r.ratingCount),
    activeInstalls: Number(r.activeInstalls),
    publishedAt: (r.publishedAt as Date | null) ?? null,
    vendor: json(r.vendor),
    versions: json(r.versions),
    plans: json(r.plans),
    contract: r.contract === null || r.contract === undefined ? null : json(r.contract),
  }));
}

function json<T = any>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

/** JSON timestamps of `timestamp(3)` columns carry no zone; they are UTC. */
export function utc(s: string | null | undefined): Date | null {
  if (!s) return null;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

// ─────────────────────────────────────────────────────── facets and instances

export async function categoryFacets(db: Db): Promise<{ name: string; moduleCount: number }[]> {
  return db.$queryRaw`
    SELECT m.category AS name, count(*)::int AS "moduleCount"
    FROM catalog_entries e JOIN modules m ON m.id = e.module_id WHERE m.category IS NOT NULL AND m.category <> ''
    GROUP BY m.category ORDER BY m.category`;
}

export async function vendorFacets(db: Db): Promise<
  {
    id: number;
    name: string;
    slug: string;
    description: string | null;
    website: string | null;
    isOfficial: boolean;
    isVerified: boolean;
    moduleCount: number;
  }[]
> {
  return db.$queryRaw`
    SELECT v.id, v.name, v.slug, v.description, v.website, v.is_official AS "isOfficial", v.is_verified AS "isVerified", count(*)::int AS "moduleCount"
    FROM catalog_entries e JOIN modules m ON m.id = e.module_id JOIN vendors v ON v.id = m.vendor_id
    GROUP BY v.id ORDER BY v.name, v.id`;
}

export interface ViewerInstanceRow {
  id: number;
  name: string;
  environment: 'production' | 'staging' | 'development';
  domain: string | null;
  orgId: number;
  orgName: string;
  role: 'admin' | 'developer' | 'viewer';
  permissions: string[];
  softwareId: number;
  softwareName: string;
  coreVersion: string;
}

/**
 * Active instances of every org the user belongs to, with the membership that grants access (the
 * caller keeps orgs where it has view_instances). Read-only; instances are owned by the instances
 * domain, which has no cross-domain read for this yet.
 */
export async function viewerInstances(db: Db, userId: number): Promise<ViewerInstanceRow[]> {
  const rows = await db.$queryRaw<(Omit<ViewerInstanceRow, 'permissions'> & { permissions: string[] | string })[]>`
    SELECT i.id, i.name, i.environment::text AS environment, i.domain, o.id AS "orgId", o.name AS "orgName",
           mm.role::text AS role, mm.permissions::text[] AS permissions,
           s.id AS "softwareId", s.name AS "softwareName", c.version AS "coreVersion"
    FROM memberships mm
    JOIN organizations o ON o.id = mm.org_id
    JOIN instances i ON i.org_id = mm.org_id AND i.is_active
    JOIN software_cores c ON c.id = i.core_id
    JOIN softwares s ON s.id = c.software_id
    WHERE mm.user_id = ${userId}
    ORDER BY o.name, o.id, i.environment, i.name, i.id`;
  return rows.map((r) => ({
    ...r,
    permissions: Array.isArray(r.permissions) ? r.permissions : String(r.permissions).replace(/[{}]/g, '').split(',').filter(Boolean),
  }));
}
