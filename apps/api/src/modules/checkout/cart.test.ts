import { useTestApp, type TestApp } from '../../test/harness';
import { ACME, ANALYTICS, buyOk, CRM, ERP, PLAN, protocolCode, TECHSTART } from './test-support/checkout-fixtures';

export const CHECKOUT_DEPENDENCIES = /* GraphQL */ `
  query Deps($input: CheckoutDependenciesInput!) {
    checkoutDependencies(input: $input) {
      module {
        id
        name
      }
      version {
        version
      }
      compatible
      instance {
        id
        name
        coreVersion
      }
      instanceCount
      required {
        module {
          id
          name
        }
        role
        minVersion
        requiredBy
        reason
        version {
          version
        }
        compatible
        held
        builtIn
        selected
        plans {
          id
          name
        }
        contract {
          id
        }
      }
      satisfied {
        module {
          id
        }
        held
        builtIn
      }
      optional {
        module {
          id
          name
        }
        reason
        selected
      }
    }
  }
`;

const TECHSTART_MAIN = 3;
const ACME_PRODUCTION = 1;

/** A published module with one approved, installable version (core ≥ 1.0.0) and one plan. */
async function makeModule(t: TestApp, slug: string) {
  const m = await t.prisma.module.create({
    data: { vendorId: 1, slug, name: slug.toUpperCase(), status: 'published', publishedAt: new Date() },
  });
  const v = await t.prisma.moduleVersion.create({
    data: { moduleId: m.id, version: '1.0.0', status: 'stable', artifactKey: `modules/${slug}.zip`, hash: 'a'.repeat(64) },
  });
  await t.prisma.moduleCoreCompatibility.create({ data: { versionId: v.id, softwareId: 1, minCoreVersion: '1.0.0' } });
  const plan = await t.prisma.pricingPlan.create({
    data: { moduleId: m.id, planType: 'subscription', name: 'Monthly', priceAmount: '10.00', billingCycle: 'monthly' },
  });
  return { id: m.id, versionId: v.id, planId: plan.id, name: m.name };
}

const created: number[] = [];
async function depend(t: TestApp, versionId: number, on: number, isRequired = true, minVersion = '1.0.0') {
  const d = await t.prisma.moduleDependency.create({
    data: { versionId, dependsOnModuleId: on, dependencyType: 'functional', minVersion, isRequired },
  });
  created.push(d.id);
}

describe('checkoutDependencies', () => {
  const t = useTestApp();
  // Each test declares its own dependencies: they are removed after it.
  afterEach(async () => {
    await t.prisma.moduleDependency.deleteMany({ where: { id: { in: created.splice(0) } } });
    await t.prisma.softwareCoreModule.deleteMany({ where: { moduleId: CRM } });
  });
  const deps = (input: Record<string, unknown>, as = 'alice@acme.test') => t.gql(CHECKOUT_DEPENDENCIES, { input }, { as });

  it('Custom ERP for Acme (no CRM Pro license in force): CRM Pro is a required line, with its plans, the version for every Acme instance and why', async () => {
    const r = await t.gqlOk(CHECKOUT_DEPENDENCIES, { input: { orgId: ACME, moduleId: ERP } }, { as: 'alice@acme.test' });
    const c = r.checkoutDependencies;
    expect(c.module).toEqual({ id: ERP, name: 'Custom ERP' });
    expect(c.version).toEqual({ version: '1.0.0' });
    expect(c.instance).toBeNull();
    expect(c.instanceCount).toBe(2);
    expect(c.required).toEqual([
      {
        module: { id: CRM, name: 'CRM Pro' },
        role: 'required',
        minVersion: '1.0.0',
        requiredBy: ['Custom ERP'],
        reason: 'Custom ERP requires CRM Pro ≥ 1.0.0',
        version: { version: '1.1.0' },
        compatible: true,
        held: false,
        builtIn: false,
        selected: true,
        plans: [
          { id: PLAN.crmMonthly, name: 'Monthly' },
          { id: PLAN.crmAnnual, name: 'Annual' },
          { id: PLAN.crmLifetime, name: 'Lifetime' },
        ],
        contract: { id: 3 },
      },
    ]);
    expect(c.satisfied).toEqual([]);
    expect(c.optional).toEqual([]);
  });

  it('resolves versions for the picked instance: TechStart Main (core 1.9.5) gets CRM Pro 1.1.0, and Custom ERP (≥ 2.0.0 only) is not compatible', async () => {
    const { checkoutDependencies: c } = await t.gqlOk(
      CHECKOUT_DEPENDENCIES,
      { input: { orgId: TECHSTART, moduleId: ERP, instanceId: TECHSTART_MAIN } },
      { as: 'tom@techstart.test' },
    );
    expect(c.instance).toEqual({ id: TECHSTART_MAIN, name: 'TechStart Main', coreVersion: '1.9.5' });
    expect(c.compatible).toBe(false);
    expect(c.required).toEqual([
      expect.objectContaining({ module: { id: CRM, name: 'CRM Pro' }, version: { version: '1.1.0' }, compatible: true }),
    ]);
  });

  it('recurses through required dependencies, once each, through a cycle and a diamond', async () => {
    const x = await makeModule(t, `dep-x-${Date.now()}`);
    const y = await makeModule(t, `dep-y-${Date.now()}`);
    // CRM Pro 1.1.0 requires X (≥ 1.0.0); X requires Y and Custom ERP (a cycle back); Y requires CRM Pro (a cycle) and X (a diamond).
    await depend(t, 2, x.id);
    await depend(t, x.versionId, y.id);
    await depend(t, x.versionId, ERP);
    await depend(t, y.versionId, CRM);
    await depend(t, y.versionId, x.id);
    const { checkoutDependencies: c } = await t.gqlOk(
      CHECKOUT_DEPENDENCIES,
      { input: { orgId: ACME, moduleId: ERP } },
      { as: 'alice@acme.test' },
    );
    expect(c.required.map((d: { module: { id: number }; requiredBy: string[]; reason: string }) => [d.module.id, d.requiredBy])).toEqual([
      [CRM, ['Custom ERP', y.name]],
      [x.id, ['CRM Pro', y.name]],
      [y.id, [x.name]],
    ]);
    expect(c.required[0].reason).toBe(`Custom ERP and ${y.name} require CRM Pro ≥ 1.0.0`);
  });

  it('offers optional dependencies unchecked; once picked, their own required dependencies join the cart', async () => {
    const z = await makeModule(t, `dep-z-${Date.now()}`);
    await depend(t, 3, ANALYTICS, false, '2.0.0'); // Custom ERP 1.0.0 works with Analytics Pro (optional)
    await depend(t, 4, z.id); // Analytics Pro 2.0.0 requires Z
    await depend(t, 6, z.id); // and so does 2.0.1 (its newest approved version)
    const before = (await deps({ orgId: ACME, moduleId: ERP })).data!.checkoutDependencies;
    expect(before.optional).toEqual([
      {
        module: { id: ANALYTICS, name: 'Analytics Pro' },
        reason: 'Custom ERP works with Analytics Pro ≥ 2.0.0 (optional)',
        selected: false,
      },
    ]);
    expect(before.required.map((d: { module: { id: number } }) => d.module.id)).toEqual([CRM]);

    const after = (await deps({ orgId: ACME, moduleId: ERP, optionalModuleIds: [ANALYTICS] })).data!.checkoutDependencies;
    expect(after.optional).toEqual([expect.objectContaining({ module: { id: ANALYTICS, name: 'Analytics Pro' }, selected: true })]);
    expect(after.required.map((d: { module: { id: number }; reason: string }) => [d.module.id, d.reason])).toEqual([
      [CRM, 'Custom ERP requires CRM Pro ≥ 1.0.0'],
      [z.id, `Analytics Pro requires ${z.name} ≥ 1.0.0`],
    ]);
  });

  it('a core module of the software is built in: satisfied, never a line', async () => {
    await t.prisma.softwareCoreModule.create({ data: { softwareId: 1, moduleId: CRM, markedById: 5 } });
    const { checkoutDependencies: c } = await t.gqlOk(
      CHECKOUT_DEPENDENCIES,
      { input: { orgId: ACME, moduleId: ERP, instanceId: ACME_PRODUCTION } },
      { as: 'alice@acme.test' },
    );
    expect(c.required).toEqual([]);
    expect(c.satisfied).toEqual([{ module: { id: CRM }, held: false, builtIn: true }]);
  });

  it('refuses: another org’s instance is NOT_FOUND; developer and viewer are FORBIDDEN; another org is NOT_FOUND; a draft module is NOT_FOUND', async () => {
    expect(protocolCode(await deps({ orgId: ACME, moduleId: ERP, instanceId: TECHSTART_MAIN }))).toBe('NOT_FOUND');
    expect(protocolCode(await deps({ orgId: ACME, moduleId: ERP }, 'dev@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await deps({ orgId: ACME, moduleId: ERP }, 'viewer@acme.test'))).toBe('FORBIDDEN');
    expect(protocolCode(await deps({ orgId: ACME, moduleId: ERP }, 'tom@techstart.test'))).toBe('NOT_FOUND');
    const draft = await t.prisma.module.create({ data: { vendorId: 1, slug: `draft-${Date.now()}`, name: 'Draft', status: 'draft' } });
    expect(protocolCode(await deps({ orgId: ACME, moduleId: draft.id }))).toBe('NOT_FOUND');
    const anon = await t.gql(CHECKOUT_DEPENDENCIES, { input: { orgId: ACME, moduleId: ERP } });
    expect(protocolCode(anon)).toBe('UNAUTHENTICATED');
  });

  it('a dependency the org already licenses is satisfied, not a line', async () => {
    await buyOk(t, 'alice@acme.test', { moduleId: CRM, planId: PLAN.crmMonthly });
    const { checkoutDependencies: c } = await t.gqlOk(
      CHECKOUT_DEPENDENCIES,
      { input: { orgId: ACME, moduleId: ERP } },
      { as: 'alice@acme.test' },
    );
    expect(c.required).toEqual([]);
    expect(c.satisfied).toEqual([{ module: { id: CRM }, held: true, builtIn: false }]);
  });
});
