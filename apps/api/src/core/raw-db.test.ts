/**
 * `rawDb` (@wk/db) answers Prisma's `$queryRaw` / `$executeRaw` straight from the pg pool the Prisma
 * client uses (issue 16). It must answer exactly what Prisma answers: compared here value by value,
 * on every column type the API's raw statements read and on the hot reads themselves.
 */
import { Prisma, poolOf, rawDb } from '@wk/db';
import { useTestApp } from '../test/harness';
import { catalogPage, moduleDetails, type PageQuery } from '../modules/catalog';
import { validateLicense } from '../instance-api/instance-api.service';
import { PgRateLimiter } from './rate-limit';
import { SEED } from '../test/seed-ids';

const t = useTestApp();

const TYPES = Prisma.sql`
  SELECT 1::int2 AS i2, 2::int4 AS i4, 9007199254740993::int8 AS i8, 1.5::float4 AS f4, 2.25::float8 AS f8,
    12.30::numeric(12,2) AS money, 0.000001::numeric AS tiny, -1234567890.123456789::numeric AS big, true AS yes,
    'text ✓'::text AS txt, 'v'::varchar(5) AS vc, 'c'::char(3) AS ch,
    '2024-02-29 23:59:58.123456'::timestamp AS ts, '2024-02-29 23:59:58+02'::timestamptz AS tstz, '2024-02-29'::date AS d,
    '{"a": [1, "x", null], "b": {"c": 1.5}}'::json AS j, '{"k": true}'::jsonb AS jb, '[1, 2]'::jsonb AS jarr,
    ARRAY['a', NULL, 'b c']::text[] AS texts, ARRAY[1, 2]::int[] AS ints, ARRAY[1, 2]::int8[] AS bigs,
    ARRAY[1.10, 2]::numeric[] AS decimals, ARRAY['2024-01-01 10:00:00'::timestamp] AS stamps,
    ARRAY['2024-01-01'::date] AS dates, 'admin'::"OrgRole" AS enum_value, ARRAY['view_instances']::"Permission"[] AS enum_array,
    gen_random_uuid()::text IS NOT NULL AS has_uuid, count(*) AS n,
    NULL::numeric AS null_numeric, NULL::timestamp AS null_ts, NULL::int8 AS null_i8, NULL::json AS null_json, NULL::text[] AS null_texts`;

describe('rawDb', () => {
  it('shares the Prisma client’s pool', () => {
    expect(poolOf(t.prisma)).not.toBeNull();
    expect(rawDb(t.prisma)).not.toBe(t.prisma);
  });

  it('answers every column type as Prisma’s $queryRaw does', async () => {
    const viaPrisma = await t.prisma.$queryRaw<Record<string, unknown>[]>(TYPES);
    const viaPool = await rawDb(t.prisma).$queryRaw<Record<string, unknown>[]>(TYPES);
    expect(viaPool).toStrictEqual(viaPrisma);
    const [row] = viaPool;
    expect(Prisma.Decimal.isDecimal(row.money)).toBe(true);
    expect(String(row.money)).toBe('12.3');
    expect(row.i8).toBe(9007199254740993n);
    expect((row.ts as Date).toISOString()).toBe('2024-02-29T23:59:58.123Z');
    expect((row.d as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(row.j).toEqual({ a: [1, 'x', null], b: { c: 1.5 } });
    expect(row.texts).toEqual(['a', null, 'b c']);
    expect(row.n).toBe(1n);
  });

  it('sends parameters as Prisma does (dates as UTC, decimals, bigints, arrays, JSON)', async () => {
    const at = new Date('2024-03-01T12:34:56.789Z');
    const q = () =>
      Prisma.sql`SELECT ${at}::timestamp AS ts, ${at}::timestamptz AS tstz, ${new Prisma.Decimal('10.05')}::numeric AS dec,
        ${12n}::int8 AS big, ${[3, 1, 2]}::int[] AS ints, ${['x', 'y']}::text[] AS texts, ${JSON.stringify({ a: 1 })}::jsonb AS j,
        ${null}::text AS nothing, ${true} AS flag, ${"it's"} AS quoted`;
    const viaPrisma = await t.prisma.$queryRaw<Record<string, unknown>[]>(q());
    const viaPool = await rawDb(t.prisma).$queryRaw<Record<string, unknown>[]>(q());
    expect(viaPool).toStrictEqual(viaPrisma);
    expect((viaPool[0].ts as Date).toISOString()).toBe(at.toISOString());
    expect(String(viaPool[0].dec)).toBe('10.05');
  });

  it('answers tagged templates and $executeRaw row counts as Prisma does', async () => {
    const slug = 'crm-pro';
    const a = await t.prisma.$queryRaw<{ id: number; slug: string }[]>`SELECT id, slug FROM modules WHERE slug = ${slug}`;
    const b = await rawDb(t.prisma).$queryRaw<{ id: number; slug: string }[]>`SELECT id, slug FROM modules WHERE slug = ${slug}`;
    expect(b).toStrictEqual(a);
    expect(b).toHaveLength(1);
    const touched = await rawDb(t.prisma).$executeRaw`UPDATE modules SET name = name WHERE slug = ${slug}`;
    expect(touched).toBe(await t.prisma.$executeRaw`UPDATE modules SET name = name WHERE slug = ${slug}`);
    expect(touched).toBe(1);
  });

  it('keeps a transaction’s statements in the transaction (its client answers itself)', async () => {
    await t.prisma.$transaction(async (tx) => {
      expect(rawDb(tx)).toBe(tx);
    });
  });

  it('gives the hot reads the same answers: catalog page, module details, license validation, rate limits', async () => {
    const q: PageQuery = {
      sort: 'NEWEST',
      terms: [],
      phrase: null,
      moduleIds: null,
      softwareSlug: null,
      coreVersion: null,
      category: null,
      type: null,
      planType: null,
      vendorSlug: null,
      verifiedOnly: false,
      after: null,
      limit: 21,
    };
    const page = await catalogPage(rawDb(t.prisma), q);
    expect(page).toStrictEqual(await catalogPage(t.prisma, q));
    expect(page.length).toBeGreaterThan(1);
    const ids = page.map((r) => r.id!);
    const now = new Date();
    const details = await moduleDetails(rawDb(t.prisma), { ids }, now);
    expect(details).toStrictEqual(await moduleDetails(t.prisma, { ids }, now));
    expect(details.some((d) => d.plans.length > 0 && d.versions.length > 0)).toBe(true);
    // Acme Production validating Acme's license.
    const who = {
      credentialId: 0,
      keyId: 'x',
      instanceId: SEED.instances.acmeProd,
      orgId: SEED.acme,
      coreVersion: '2.0.0',
      instanceActive: true,
    };
    const license = await validateLicense(rawDb(t.prisma), who, 'MODLIC-CRM-101-ABC123', now);
    expect(license).toStrictEqual(await validateLicense(t.prisma, who, 'MODLIC-CRM-101-ABC123', now));
    expect(license?.key).toBe('MODLIC-CRM-101-ABC123');
    // The limiter on the pool counts the same rows as on Prisma.
    const rule = { key: `raw-db-test:${Date.now()}`, limit: 5, windowMs: 60_000 };
    const [first] = await new PgRateLimiter(t.prisma).take([rule], now);
    const [second] = await new PgRateLimiter(t.prisma).take([rule], now);
    expect([first.remaining, second.remaining]).toEqual([4, 3]);
  });
});
