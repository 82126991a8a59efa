/**
 * The usage report's extensions (issue 15 monitoring, issue 18 usage per feature): latency histograms
 * and feature counts from instances, and the vendor's figures per module version × core version.
 */
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeActivation, makeInstance, makeLicense, makeVersion } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;
const LAT = 'calls p50 { ms overflow } p95 { ms overflow } p99 { ms overflow }';
const VENDOR = `query($moduleId: Int!, $from: String, $to: String) { vendorModuleUsage(moduleId: $moduleId, from: $from, to: $to) {
  groups { version coreVersion installs totals { apiCalls errors errorRatePercent } latency { ${LAT} } }
  totals { apiCalls errors errorRatePercent } latency { ${LAT} buckets { leMs calls } }
  features { version feature count installs } } }`;

type Cred = { keyId: string; secret: string };
async function credential(instanceId: number, as: string): Promise<Cred> {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return { keyId: r.credential.keyId, secret: r.secret };
}
async function report(cred: Cred, body: unknown) {
  const res = await fetch(`${t.baseUrl}/api/instance/v1/usage`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${cred.keyId}:${cred.secret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

// Custom ERP (DevShop, run by alice): 1.0.0 on TechStart's core 1.9.5 (seed), and 1.1.0 on a second install on core 2.0.0.
let a: Cred;
let b: Cred;
beforeAll(async () => {
  a = await credential(SEED.instances.techstartMain, 'tom@techstart.test');
  const v110 = await makeVersion(t.prisma, { moduleId: SEED.modules.erp, version: '1.1.0' });
  const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.horizon200 });
  const lic = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.erp });
  await makeActivation(t.prisma, { instanceId: inst.id, licenseId: lic.id, moduleId: SEED.modules.erp, moduleVersionId: v110.id });
  b = await credential(inst.id, 'tom@techstart.test');
});

describe('usage report with latency histogram and feature counts', () => {
  it('accepts old and new payload shapes side by side, and the vendor gets exact percentiles and error rates per version × core', async () => {
    const base = { module: 'custom-erp', activeUsers: 5 };
    // New shape: histogram (calls per bucket, not cumulative) and feature counts.
    expect(
      await report(a, {
        metrics: [
          {
            ...base,
            date: '2025-02-28',
            apiCalls: 1000,
            errors: 10,
            avgResponseTimeMs: 70,
            latencyHistogram: { '50': 500, '100': 400, '300': 60, '500': 30, '1000': 10 },
            features: { 'invoice.create': 40, 'export.csv': 3 },
          },
          { ...base, date: '2025-03-01', apiCalls: 100, errors: 0, latencyHistogram: { '50': 100 }, features: { 'invoice.create': 2 } },
        ],
      }),
    ).toMatchObject({ status: 200, body: { accepted: 2, replaced: 0 } });
    expect(
      await report(b, {
        ...base,
        date: '2025-03-01',
        apiCalls: 200,
        errors: 8,
        latencyHistogram: { '100': 190, '+Inf': 10 },
        features: { 'invoice.create': 5 },
      }),
    ).toMatchObject({ status: 200, body: { accepted: 1 } });
    // Old shape (no histogram, no features): still accepted, counted in calls and errors, in no latency bucket.
    expect(await report(b, { ...base, date: '2025-02-28', apiCalls: 50, errors: 1, avgResponseTimeMs: 400 })).toMatchObject({
      status: 200,
      body: { accepted: 1 },
    });

    const r = (await t.gqlOk(VENDOR, { moduleId: SEED.modules.erp, from: '2025-02-28', to: '2025-03-01' }, { as: 'alice@acme.test' }))
      .vendorModuleUsage;
    expect(r.groups).toEqual([
      {
        // Merged: ≤50: 600, ≤100: 400, ≤300: 60, ≤500: 30, ≤1000: 10 (1100 calls).
        version: '1.0.0',
        coreVersion: '1.9.5',
        installs: 1,
        totals: { apiCalls: 1100, errors: 10, errorRatePercent: '0.91' }, // 10 / 1100 = 0.909 %
        latency: {
          calls: 1100,
          p50: { ms: 50, overflow: false }, // rank 550 ≤ 600
          p95: { ms: 300, overflow: false }, // rank 1045: 600 + 400 = 1000 < 1045 ≤ 1060
          p99: { ms: 500, overflow: false }, // rank 1089: 1060 < 1089 ≤ 1090
        },
      },
      {
        // ≤100: 190, > 30 000: 10 (200 calls; the old-shape day adds calls and errors, not latencies).
        version: '1.1.0',
        coreVersion: '2.0.0',
        installs: 1,
        totals: { apiCalls: 250, errors: 9, errorRatePercent: '3.60' },
        latency: {
          calls: 200,
          p50: { ms: 100, overflow: false },
          p95: { ms: 100, overflow: false }, // rank 190 ≤ 190
          p99: { ms: 30000, overflow: true }, // rank 198: in the open bucket
        },
      },
    ]);
    // All together: the histograms are added bucket by bucket, then read (1300 calls).
    expect(r.totals).toEqual({ apiCalls: 1350, errors: 19, errorRatePercent: '1.41' });
    expect(r.latency).toMatchObject({
      calls: 1300,
      p50: { ms: 100, overflow: false }, // rank 650: 600 < 650 ≤ 1190
      p95: { ms: 300, overflow: false }, // rank 1235: 1190 < 1235 ≤ 1250
      p99: { ms: 1000, overflow: false }, // rank 1287: 1280 < 1287 ≤ 1290
    });
    expect(r.latency.buckets.filter((x: { calls: number }) => x.calls > 0)).toEqual([
      { leMs: 50, calls: 600 },
      { leMs: 100, calls: 590 },
      { leMs: 300, calls: 60 },
      { leMs: 500, calls: 30 },
      { leMs: 1000, calls: 10 },
      { leMs: null, calls: 10 },
    ]);
    expect(r.features).toEqual([
      { version: '1.0.0', feature: 'invoice.create', count: 42, installs: 1 },
      { version: '1.1.0', feature: 'invoice.create', count: 5, installs: 1 },
      { version: '1.0.0', feature: 'export.csv', count: 3, installs: 1 },
    ]);

    // A resend of a day replaces all of that day's figures, histogram and features included.
    expect(await report(a, { ...base, date: '2025-03-01', apiCalls: 100, errors: 0 })).toMatchObject({
      status: 200,
      body: { accepted: 1, replaced: 1 },
    });
    const after = (await t.gqlOk(VENDOR, { moduleId: SEED.modules.erp, from: '2025-03-01', to: '2025-03-01' }, { as: 'alice@acme.test' }))
      .vendorModuleUsage;
    expect(after.features).toEqual([{ version: '1.1.0', feature: 'invoice.create', count: 5, installs: 1 }]);
    expect(after.groups.find((g: { version: string }) => g.version === '1.0.0').latency).toEqual({
      calls: 0,
      p50: null,
      p95: null,
      p99: null,
    });
  });

  it('refuses bad histograms and features with a code and the field, and stores nothing', async () => {
    const ok = { module: 'custom-erp', date: '2025-02-20', activeUsers: 1, apiCalls: 10, errors: 0 };
    const r = await report(a, {
      metrics: [
        ok,
        { ...ok, date: '2025-02-21', latencyHistogram: { '60': 1 } },
        { ...ok, date: '2025-02-22', latencyHistogram: { '100': -2 } },
        { ...ok, date: '2025-02-23', latencyHistogram: { '100': 11 } },
        { ...ok, date: '2025-02-24', latencyHistogram: [1, 2, 3] },
        { ...ok, date: '2025-02-25', features: { 'bad key!': 1, 'ok.key': 1.5 } },
        { ...ok, date: '2025-02-26', features: ['invoice.create'] },
        { ...ok, date: '2025-02-27', features: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 1])) },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INVALID_USAGE');
    expect(r.body.error.problems).toEqual([
      { index: 1, field: 'latencyHistogram.60', code: 'INVALID_HISTOGRAM', message: expect.stringContaining('not a bucket') },
      { index: 2, field: 'latencyHistogram.100', code: 'INVALID_NUMBER', message: expect.any(String) },
      {
        index: 3,
        field: 'latencyHistogram',
        code: 'HISTOGRAM_EXCEEDS_CALLS',
        message: 'The histogram counts 11 calls, more than apiCalls (10).',
      },
      { index: 4, field: 'latencyHistogram', code: 'INVALID_HISTOGRAM', message: expect.any(String) },
      { index: 5, field: 'features.bad key!', code: 'INVALID_FEATURE', message: expect.any(String) },
      { index: 5, field: 'features.ok.key', code: 'INVALID_NUMBER', message: expect.any(String) },
      { index: 6, field: 'features', code: 'INVALID_FEATURES', message: expect.any(String) },
      { index: 7, field: 'features', code: 'TOO_MANY', message: expect.any(String) },
    ]);
    expect(
      await t.prisma.moduleUsageMetric.count({
        where: { metricDate: { gte: new Date('2025-02-20T00:00:00Z'), lte: new Date('2025-02-27T00:00:00Z') } },
      }),
    ).toBe(0);
    expect(await t.prisma.moduleUsageFeature.count({ where: { feature: { startsWith: 'f' } } })).toBe(0);
  });

  it("refuses another vendor's and buyers' views of the figures (NOT_FOUND)", async () => {
    const vars = { moduleId: SEED.modules.erp, from: '2025-02-28', to: '2025-03-01' };
    expect(code(await t.gql(VENDOR, vars, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, vars, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND'); // the buyer whose instances report
    expect(code(await t.gql(VENDOR, vars, { as: 'viewer@acme.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, vars))).toBe('UNAUTHENTICATED');
  });
});
