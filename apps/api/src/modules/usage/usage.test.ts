import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { SEED } from '../../test/seed-ids';
import { mergeDays, partFromRow, totalsOf } from './usage.aggregate';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const DAY = 'date activeUsers apiCalls errors avgResponseTimeMs dataProcessedMb';
const TOTALS = 'peakActiveUsers apiCalls errors avgResponseTimeMs dataProcessedMb reportedDays';
const USAGE = `query($id: Int!, $from: String, $to: String) { instanceUsage(instanceId: $id, from: $from, to: $to) {
  from to latestReportDate modules { module { slug } instanceModule { id isActive } days { ${DAY} } totals { ${TOTALS} } } } }`;
const ERRORS = `query($id: Int!, $resolved: Boolean, $first: Int, $after: String) { instanceErrors(instanceId: $id, resolved: $resolved, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id errorType errorMessage occurrences resolved coreVersion module { slug } version { version } } } } }`;
const RESOLVE = `mutation($input: InstanceErrorResolveInput!) { instanceErrorResolve(input: $input) { error { id resolved } errors { code } } }`;
const VENDOR = `query($moduleId: Int!, $from: String, $to: String) { vendorModuleUsage(moduleId: $moduleId, from: $from, to: $to) {
  module { slug } from to latestReportDate
  groups { version coreVersion installs days { ${DAY} } totals { ${TOTALS} } }
  days { ${DAY} } totals { ${TOTALS} }
  errors { version coreVersion errorType errorMessage occurrences affectedInstalls lastSeenAt } } }`;
const SUMMARY = `query($vendorId: Int!) { vendorUsageSummary(vendorId: $vendorId) { from to modules { module { slug } installs totals { ${TOTALS} } } } }`;

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

describe('instance usage (org members)', () => {
  it('Acme Production: the 30 days up to the latest report, per module, with exact totals', async () => {
    const r = (await t.gqlOk(USAGE, { id: SEED.instances.acmeProd }, { as: 'viewer@acme.test' })).instanceUsage;
    expect(r).toMatchObject({ from: '2024-12-04', to: '2025-01-02', latestReportDate: '2025-01-02' });
    expect(r.modules).toEqual([
      {
        module: { slug: 'crm-pro' },
        instanceModule: { id: 1, isActive: true },
        days: [
          { date: '2025-01-01', activeUsers: 23, apiCalls: 1547, errors: 2, avgResponseTimeMs: 145, dataProcessedMb: '234.50' },
          { date: '2025-01-02', activeUsers: 25, apiCalls: 1689, errors: 0, avgResponseTimeMs: 132, dataProcessedMb: '267.80' },
        ],
        // Response time weighted by calls: (145×1547 + 132×1689) / 3236 = 138.2
        totals: { peakActiveUsers: 25, apiCalls: 3236, errors: 2, avgResponseTimeMs: 138, dataProcessedMb: '502.30', reportedDays: 2 },
      },
    ]);
  });

  it('takes an explicit period and refuses bad ones', async () => {
    const one = (await t.gqlOk(USAGE, { id: SEED.instances.acmeProd, from: '2025-01-02', to: '2025-01-02' }, { as: 'alice@acme.test' }))
      .instanceUsage;
    expect(one.modules[0].days.map((d: any) => d.date)).toEqual(['2025-01-02']);
    const bad = await t.gql(USAGE, { id: SEED.instances.acmeProd, from: '2025-02-01', to: '2025-01-01' }, { as: 'alice@acme.test' });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' } });
    expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd, from: '2023-01-01', to: '2025-01-01' }, { as: 'alice@acme.test' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd, to: '2025-13-01' }, { as: 'alice@acme.test' }))).toBe('BAD_USER_INPUT');
  });

  it('lists fingerprinted errors newest first, filters and paginates; manage_instances resolves them', async () => {
    const all = (await t.gqlOk(ERRORS, { id: SEED.instances.techstartMain }, { as: 'tom@techstart.test' })).instanceErrors;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => e.node)).toEqual([
      {
        id: 3,
        errorType: 'activation',
        errorMessage: 'Hash verification failed',
        occurrences: 1,
        resolved: true,
        coreVersion: '1.9.5',
        module: { slug: 'custom-erp' },
        version: { version: '1.0.0' },
      },
      {
        id: 2,
        errorType: 'validation',
        errorMessage: 'Invalid input format',
        occurrences: 1,
        resolved: true,
        coreVersion: '1.9.5',
        module: { slug: 'custom-erp' },
        version: { version: '1.0.0' },
      },
    ]);
    const p2 = (
      await t.gqlOk(
        ERRORS,
        {
          id: SEED.instances.techstartMain,
          first: 1,
          after: (await t.gqlOk(ERRORS, { id: SEED.instances.techstartMain, first: 1 }, { as: 'tom@techstart.test' })).instanceErrors
            .pageInfo.endCursor,
        },
        { as: 'tom@techstart.test' },
      )
    ).instanceErrors;
    expect(p2.edges.map((e: any) => e.node.id)).toEqual([2]);
    expect(
      (await t.gqlOk(ERRORS, { id: SEED.instances.techstartMain, resolved: false }, { as: 'tom@techstart.test' })).instanceErrors
        .totalCount,
    ).toBe(0);

    const reopened = await t.gqlOk(RESOLVE, { input: { id: 2, resolved: false } }, { as: 'tom@techstart.test' });
    expect(reopened.instanceErrorResolve).toEqual({ errors: [], error: { id: 2, resolved: false } });
    expect(await t.prisma.auditLog.findFirst({ where: { entityType: 'module_error', entityId: '2', actionType: 'reopen' } })).toMatchObject(
      { userId: 43, orgId: SEED.techstart },
    );
  });

  it('refuses other orgs (NOT_FOUND), the viewer on resolve (FORBIDDEN) and anonymous callers', async () => {
    expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ERRORS, { id: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(RESOLVE, { input: { id: 1 } }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(RESOLVE, { input: { id: 1 } }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd }))).toBe('UNAUTHENTICATED');
    // A member without view_instances (developer with an explicit list lacking it is impossible: manage implies view).
    await t.prisma.membership.create({ data: { orgId: SEED.acme, userId: 87, role: 'viewer', permissions: ['view_modules'] } });
    try {
      expect(code(await t.gql(USAGE, { id: SEED.instances.acmeProd }, { as: 'john@johndoe.test' }))).toBe('FORBIDDEN');
    } finally {
      await t.prisma.membership.deleteMany({ where: { orgId: SEED.acme, userId: 87 } });
    }
  });
});

describe('vendor usage (aggregates per module version × core version)', () => {
  it('Webkernel Labs sees CRM Pro summed over Acme’s two installs, without any customer identifier', async () => {
    const r = (await t.gqlOk(VENDOR, { moduleId: SEED.modules.crm }, { as: 'admin@webkernel.com' })).vendorModuleUsage;
    expect(r).toMatchObject({ module: { slug: 'crm-pro' }, from: '2024-12-04', to: '2025-01-02', latestReportDate: '2025-01-02' });
    const days = [
      { date: '2025-01-01', activeUsers: 23, apiCalls: 1547, errors: 2, avgResponseTimeMs: 145, dataProcessedMb: '234.50' },
      // (132×1689 + 98×234) / 1923 = 127.9
      { date: '2025-01-02', activeUsers: 28, apiCalls: 1923, errors: 1, avgResponseTimeMs: 128, dataProcessedMb: '313.00' },
    ];
    // (145×1547 + 132×1689 + 98×234) / 3470 = 135.5
    const totals = { peakActiveUsers: 28, apiCalls: 3470, errors: 3, avgResponseTimeMs: 136, dataProcessedMb: '547.50', reportedDays: 2 };
    expect(r.groups).toEqual([{ version: '1.0.0', coreVersion: '2.0.0', installs: 2, days, totals }]);
    expect(r.days).toEqual(days);
    expect(r.totals).toEqual(totals);
    expect(r.errors).toEqual([
      {
        version: '1.0.0',
        coreVersion: '2.0.0',
        errorType: 'database',
        errorMessage: 'Connection timeout',
        occurrences: 1,
        affectedInstalls: 1,
        lastSeenAt: '2025-01-01T14:23:45.000Z',
      },
    ]);
    const text = JSON.stringify(r);
    for (const secret of ['Acme', 'acme', 'stack trace', 'Alice', 'Dev Patel']) expect(text).not.toContain(secret);
  });

  it('DevShop (Acme’s vendor) sees Custom ERP usage on TechStart’s core 1.9.5 as an aggregate; the summary lists its modules', async () => {
    const r = (await t.gqlOk(VENDOR, { moduleId: SEED.modules.erp }, { as: 'alice@acme.test' })).vendorModuleUsage;
    expect(r.groups).toEqual([
      expect.objectContaining({
        version: '1.0.0',
        coreVersion: '1.9.5',
        installs: 1,
        totals: expect.objectContaining({ apiCalls: 876, errors: 5, avgResponseTimeMs: 210, dataProcessedMb: '156.70' }),
      }),
    ]);
    expect(JSON.stringify(r)).not.toContain('TechStart');
    const s = (await t.gqlOk(SUMMARY, { vendorId: 2 }, { as: 'alice@acme.test' })).vendorUsageSummary;
    expect(s.modules).toEqual([
      { module: { slug: 'custom-erp' }, installs: 1, totals: expect.objectContaining({ apiCalls: 876, reportedDays: 1 }) },
    ]);
  });

  it('refuses another vendor, buyers and anonymous callers (NOT_FOUND / UNAUTHENTICATED)', async () => {
    expect(code(await t.gql(VENDOR, { moduleId: SEED.modules.crm }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, { moduleId: SEED.modules.erp }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, { moduleId: SEED.modules.erp }, { as: 'dev@acme.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, { moduleId: SEED.modules.analytics }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(SUMMARY, { vendorId: 2 }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(SUMMARY, { vendorId: 3 }, { as: 'viewer@acme.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR, { moduleId: SEED.modules.crm }))).toBe('UNAUTHENTICATED');
    const own = (await t.gqlOk(VENDOR, { moduleId: SEED.modules.analytics }, { as: 'john@johndoe.test' })).vendorModuleUsage;
    expect(own).toMatchObject({
      groups: [],
      errors: [],
      latestReportDate: null,
      totals: { apiCalls: 0, avgResponseTimeMs: null, dataProcessedMb: '0.00', reportedDays: 0 },
    });
  });
});

describe('usage aggregation (pure)', () => {
  it('sums exactly, weights response time by calls, falls back to a plain mean without calls', () => {
    const parts = [
      partFromRow({ date: '2025-01-01', activeUsers: 1, apiCalls: 0, errors: 0, avgResponseTimeMs: 100, dataMb: '0.10' }),
      partFromRow({ date: '2025-01-01', activeUsers: 2, apiCalls: 0, errors: 1, avgResponseTimeMs: 300, dataMb: '0.20' }),
      partFromRow({ date: '2025-01-02', activeUsers: 5, apiCalls: 10, errors: 0, avgResponseTimeMs: null, dataMb: '0.01' }),
    ];
    expect(mergeDays(parts)).toEqual([
      expect.objectContaining({ date: '2025-01-01', activeUsers: 3, avgResponseTimeMs: 200, dataProcessedMb: '0.30' }),
      expect.objectContaining({ date: '2025-01-02', activeUsers: 5, avgResponseTimeMs: null, dataProcessedMb: '0.01' }),
    ]);
    expect(totalsOf(parts)).toMatchObject({
      peakActiveUsers: 5,
      apiCalls: 10,
      errors: 1,
      avgResponseTimeMs: 200,
      dataProcessedMb: '0.31',
      reportedDays: 2,
    });
  });
});
