/**
 * The vendor side through GraphQL: module listings, draft versions (edit, submit, discard),
 * deprecation, pricing plans, contracts and API tokens — each with its refusals.
 */
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import {
  approveVersion,
  createModule,
  publishingSandbox,
  runChecks,
  uploadArtifact,
  moduleZip,
  uploadVersion,
} from './test-support/publishing-fixtures';

const sandbox = publishingSandbox();
const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
const t = useTestApp({ ...sandbox.options, clock });
afterAll(() => sandbox.cleanup());

const ALICE = 'alice@acme.test';
const OUTSIDERS = ['john@johndoe.test', 'tom@techstart.test', 'dev@acme.test', 'viewer@acme.test'];
const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;

const MODULE_CREATE = `mutation($input: ModuleCreateInput!) { moduleCreate(input: $input) { module { id slug name type status category iconUrl description } errors { code field message } } }`;
const MODULE_UPDATE = `mutation($input: ModuleUpdateInput!) { moduleUpdate(input: $input) { module { id name description category iconUrl } errors { code field message } } }`;
const VENDOR_MODULES = `query($vendorId: Int!, $filter: VendorModulesFilter) { vendorModules(vendorId: $vendorId, filter: $filter) { totalCount edges { node { slug status versions { version status stage } } } } }`;
const VERSION_UPDATE = `mutation($input: ModuleVersionUpdateInput!) { moduleVersionUpdate(input: $input) { version { id changelog channel isCompatibleWithPrevious compatibility { minCoreVersion maxCoreVersion software { slug } matchingCoreVersions } dependencies { minVersion isRequired dependencyType module { slug } } integrations { integrationType module { slug } } updateFlow { updateType isBreaking requiresDowntime estimatedDurationMinutes migrationScriptPath fromVersion { version } } } errors { code field message } } }`;
const SUBMIT = `mutation($id: Int!) { moduleVersionSubmit(input: { versionId: $id }) { version { id stage } errors { code field message } } }`;
const DISCARD = `mutation($id: Int!) { moduleVersionDiscard(input: { versionId: $id }) { discardedVersionId errors { code field } } }`;
const DEPRECATE = `mutation($input: ModuleVersionDeprecateInput!) { moduleVersionDeprecate(input: $input) { version { id deprecatedAt replacedBy { version } } errors { code field } } }`;

describe('modules', () => {
  it('creates a draft listing and lists it with every status for the vendor', async () => {
    const r = await t.gqlOk(
      MODULE_CREATE,
      {
        input: {
          vendorId: 2,
          slug: 'Invoice-Hub',
          name: 'Invoice Hub',
          type: 'ready_made',
          category: 'ERP',
          description: '# Invoice Hub\n\n**Bold**',
          iconUrl: 'https://cdn.example/icon.png',
        },
      },
      { as: ALICE },
    );
    expect(r.moduleCreate.errors).toEqual([]);
    expect(r.moduleCreate.module).toMatchObject({ slug: 'invoice-hub', status: 'draft', category: 'erp', type: 'ready_made' });
    const list = await t.gqlOk(VENDOR_MODULES, { vendorId: 2 }, { as: ALICE });
    expect(list.vendorModules.edges.map((e: any) => e.node.slug)).toEqual(expect.arrayContaining(['invoice-hub', 'custom-erp']));
    const drafts = await t.gqlOk(VENDOR_MODULES, { vendorId: 2, filter: { status: 'draft' } }, { as: ALICE });
    expect(drafts.vendorModules.edges.map((e: any) => e.node.slug)).toEqual(['invoice-hub']);
    // Not in the public catalog.
    const pub = await t.gql(`query { module(slug: "invoice-hub") { slug } }`);
    expect(code(pub)).toBe('NOT_FOUND');
  });

  it('refuses a taken slug, a bad slug, category and icon URL', async () => {
    const r = await t.gqlOk(MODULE_CREATE, { input: { vendorId: 2, slug: 'crm-pro', name: 'CRM', type: 'ready_made' } }, { as: ALICE });
    expect(r.moduleCreate.errors).toEqual([expect.objectContaining({ code: 'MODULE_SLUG_TAKEN', field: 'slug' })]);
    const bad = await t.gqlOk(
      MODULE_CREATE,
      { input: { vendorId: 2, slug: '-x-', name: 'X', type: 'custom', category: 'Big Things', iconUrl: 'javascript:alert(1)' } },
      { as: ALICE },
    );
    expect(bad.moduleCreate.errors.map((e: any) => e.code)).toEqual(['INVALID_SLUG', 'REQUIRED', 'INVALID_CATEGORY', 'INVALID_URL']);
  });

  it('edits the listing and audits old and new values', async () => {
    const id = await createModule(t, ALICE, 2, 'edit-me');
    const r = await t.gqlOk(
      MODULE_UPDATE,
      { input: { moduleId: id, name: 'Edited', description: 'New *text*', iconUrl: null } },
      { as: ALICE },
    );
    expect(r.moduleUpdate.module).toMatchObject({ name: 'Edited', description: 'New *text*', iconUrl: null });
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'module', entityId: String(id), actionType: 'update' } });
    expect(row.oldValue).toMatchObject({ name: 'Edit Me' });
    expect(row.newValue).toMatchObject({ name: 'Edited' });
  });

  it.each(OUTSIDERS)('refuses %s everywhere on vendor 2’s modules (NOT_FOUND)', async (as) => {
    expect(
      code(await t.gql(MODULE_CREATE, { input: { vendorId: 2, slug: 'intruder', name: 'Intruder', type: 'ready_made' } }, { as })),
    ).toBe('NOT_FOUND');
    expect(code(await t.gql(MODULE_UPDATE, { input: { moduleId: 2, name: 'Intruded' } }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(VENDOR_MODULES, { vendorId: 2 }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(`{ vendorModule(id: 2) { id } }`, {}, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(`{ vendorSubmissions(vendorId: 2) { totalCount } }`, {}, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(`{ vendorModuleVersion(id: 3) { id } }`, {}, { as }))).toBe('NOT_FOUND');
  });

  it('lets platform admins read any vendor’s modules (review), but not change them', async () => {
    const r = await t.gqlOk(`{ vendorModule(id: 3) { slug versions { version stage } } }`, {}, { as: 'admin@webkernel.com' });
    expect(r.vendorModule.versions).toEqual([
      { version: '2.1.0', stage: 'IN_REVIEW' },
      { version: '2.0.1', stage: 'APPROVED' },
      { version: '2.0.0', stage: 'APPROVED' },
    ]);
    expect(code(await t.gql(MODULE_UPDATE, { input: { moduleId: 3, name: 'Admin edit' } }, { as: 'admin@webkernel.com' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses anonymous callers', async () => {
    expect(code(await t.gql(VENDOR_MODULES, { vendorId: 2 }))).toBe('UNAUTHENTICATED');
  });
});

describe('draft versions: edit, submit, discard', () => {
  let moduleId: number;
  let draftId: number;
  beforeAll(async () => {
    moduleId = await createModule(t, ALICE, 2, 'draft-flow');
    const v1 = await uploadVersion(t, ALICE, moduleId, { slug: 'draft-flow', version: '1.0.0' });
    await approveVersion(t, v1);
    const r = await uploadArtifact(
      t,
      moduleId,
      await moduleZip({
        slug: 'draft-flow',
        version: '1.1.0',
        update: { migrationScript: 'migrations/1.1.0.php', rollbackScript: 'rollbacks/1.1.0.php' },
      }),
      { as: ALICE },
    );
    draftId = r.body.version.id;
  });

  it('has an update flow from the previous approved version with the manifest’s script paths', async () => {
    const r = await t.gqlOk(
      `query($id: Int!) { vendorModuleVersion(id: $id) { stage updateFlow { updateType isBreaking migrationScriptPath rollbackScriptPath fromVersion { version } approvedAt } } }`,
      { id: draftId },
      { as: ALICE },
    );
    expect(r.vendorModuleVersion).toEqual({
      stage: 'DRAFT',
      updateFlow: {
        updateType: 'minor',
        isBreaking: false,
        migrationScriptPath: 'migrations/1.1.0.php',
        rollbackScriptPath: 'rollbacks/1.1.0.php',
        fromVersion: { version: '1.0.0' },
        approvedAt: null,
      },
    });
  });

  it('edits the draft: changelog, channel, compatibility, dependencies, integrations, update flow', async () => {
    const r = await t.gqlOk(
      VERSION_UPDATE,
      {
        input: {
          versionId: draftId,
          changelog: '## 1.1.0\r\n\r\n- Faster',
          channel: 'beta',
          isCompatibleWithPrevious: false,
          compatibility: [{ softwareId: 1, minCoreVersion: '1.9.0', maxCoreVersion: '2.0.0' }],
          dependencies: [{ moduleSlug: 'crm-pro', minVersion: '1.1.0', isRequired: false, dependencyType: 'integration' }],
          integrations: [
            { moduleSlug: 'analytics-pro', integrationType: 'reporting', description: 'Sends invoices', isBidirectional: false },
          ],
          updateFlow: { isBreaking: true, requiresDowntime: true, estimatedDurationMinutes: 15 },
        },
      },
      { as: ALICE },
    );
    expect(r.moduleVersionUpdate.errors).toEqual([]);
    expect(r.moduleVersionUpdate.version).toMatchObject({
      changelog: '## 1.1.0\n\n- Faster',
      channel: 'beta',
      isCompatibleWithPrevious: false,
      compatibility: [
        { minCoreVersion: '1.9.0', maxCoreVersion: '2.0.0', software: { slug: 'webkernel' }, matchingCoreVersions: ['1.9.5', '2.0.0'] },
      ],
      dependencies: [{ minVersion: '1.1.0', isRequired: false, dependencyType: 'integration', module: { slug: 'crm-pro' } }],
      integrations: [{ integrationType: 'reporting', module: { slug: 'analytics-pro' } }],
      updateFlow: {
        updateType: 'minor',
        isBreaking: true,
        requiresDowntime: true,
        estimatedDurationMinutes: 15,
        migrationScriptPath: 'migrations/1.1.0.php',
        fromVersion: { version: '1.0.0' },
      },
    });
  });

  it('refuses invalid declarations with field paths and changes nothing', async () => {
    const r = await t.gqlOk(
      VERSION_UPDATE,
      {
        input: {
          versionId: draftId,
          compatibility: [
            { softwareId: 999, minCoreVersion: '1.0.0' },
            { softwareId: 1, minCoreVersion: '2.0.0', maxCoreVersion: '1.0.0' },
          ],
          dependencies: [
            { moduleSlug: 'draft-flow', minVersion: '1.0.0' },
            { moduleSlug: 'crm-pro', minVersion: 'latest' },
          ],
          integrations: [{ moduleSlug: 'nope', integrationType: 'sync' }],
        },
      },
      { as: ALICE },
    );
    expect(r.moduleVersionUpdate.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['COMPAT_UNKNOWN_SOFTWARE', 'compatibility[0].softwareId'],
      ['COMPAT_INVALID_RANGE', 'compatibility[1].maxCoreVersion'],
      ['DEPENDENCY_SELF', 'dependencies[0].moduleSlug'],
      ['DEPENDENCY_INVALID_VERSION', 'dependencies[1].minVersion'],
      ['INTEGRATION_UNKNOWN_MODULE', 'integrations[0].moduleSlug'],
    ]);
    expect(await t.prisma.moduleCoreCompatibility.count({ where: { versionId: draftId } })).toBe(1);
  });

  it.each(OUTSIDERS)('refuses draft operations to %s (NOT_FOUND)', async (as) => {
    expect(code(await t.gql(VERSION_UPDATE, { input: { versionId: draftId, changelog: 'x' } }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(SUBMIT, { id: draftId }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DISCARD, { id: draftId }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DEPRECATE, { input: { versionId: draftId } }, { as }))).toBe('NOT_FOUND');
  });

  it('submits: a pending validation, admins notified (validation_required), no more edits', async () => {
    await runChecks(t, draftId); // the automated checks must have finished (and passed) first
    const r = await t.gqlOk(SUBMIT, { id: draftId }, { as: ALICE });
    expect(r.moduleVersionSubmit).toEqual({ version: { id: draftId, stage: 'IN_REVIEW' }, errors: [] });
    const notes = await t.prisma.notification.findMany({ where: { type: 'validation_required', relatedEntityId: draftId } });
    expect(notes).toEqual([
      expect.objectContaining({
        recipientUserId: 5,
        title: 'Module version awaiting review',
        message: 'Draft Flow 1.1.0 by DevShop Solutions awaits review.',
      }),
    ]);
    expect(await t.prisma.emailDelivery.count({ where: { notificationId: notes[0].id, toAddress: 'admin@webkernel.com' } })).toBe(1);
    const again = await t.gqlOk(SUBMIT, { id: draftId }, { as: ALICE });
    expect(again.moduleVersionSubmit.errors).toEqual([expect.objectContaining({ code: 'VERSION_NOT_DRAFT', field: 'versionId' })]);
    const edit = await t.gqlOk(VERSION_UPDATE, { input: { versionId: draftId, changelog: 'late' } }, { as: ALICE });
    expect(edit.moduleVersionUpdate.errors[0].code).toBe('VERSION_NOT_DRAFT');
    const discard = await t.gqlOk(DISCARD, { id: draftId }, { as: ALICE });
    expect(discard.moduleVersionDiscard.errors[0].code).toBe('VERSION_NOT_DRAFT');
    // Pending versions stay invisible to buyers.
    const page = await t.gqlOk(`{ module(slug: "draft-flow") { versions { version } } }`, {}, {});
    expect(page.module.versions.map((v: any) => v.version)).toEqual(['1.0.0']);
  });

  it('requires a changelog to submit', async () => {
    const r = await uploadArtifact(t, moduleId, await moduleZip({ slug: 'draft-flow', version: '1.2.0' }), { as: ALICE });
    await runChecks(t, r.body.version.id);
    const res = await t.gqlOk(SUBMIT, { id: r.body.version.id }, { as: ALICE });
    expect(res.moduleVersionSubmit.errors).toEqual([expect.objectContaining({ code: 'CHANGELOG_REQUIRED', field: 'changelog' })]);
    expect(await t.prisma.moduleValidation.count({ where: { versionId: r.body.version.id } })).toBe(0);
  });

  it('discards a draft with its stored artifact', async () => {
    const zip = await moduleZip({ slug: 'draft-flow', version: '1.3.0' });
    const r = await uploadArtifact(t, moduleId, zip, { as: ALICE });
    const key = (await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: r.body.version.id } })).artifactKey!;
    expect(await sandbox.storage.exists(key)).toBe(true);
    const res = await t.gqlOk(DISCARD, { id: r.body.version.id }, { as: ALICE });
    expect(res.moduleVersionDiscard).toEqual({ discardedVersionId: r.body.version.id, errors: [] });
    expect(await t.prisma.moduleVersion.findUnique({ where: { id: r.body.version.id } })).toBeNull();
    expect(await sandbox.storage.exists(key)).toBe(false);
  });

  it('lists submissions for the vendor with their review status', async () => {
    const r = await t.gqlOk(
      `query { vendorSubmissions(vendorId: 2, status: pending) { totalCount edges { node { status version { version } module { slug } checks { kind passed notes } } } } }`,
      {},
      { as: ALICE },
    );
    expect(r.vendorSubmissions.edges[0].node).toEqual({
      status: 'pending',
      version: { version: '1.1.0' },
      module: { slug: 'draft-flow' },
      checks: [
        { kind: 'SECURITY_SCAN', passed: true, notes: 'Automated — Secrets: passed; Dangerous code: passed' },
        { kind: 'CODE_REVIEW', passed: null, notes: null },
        { kind: 'PERFORMANCE_TEST', passed: true, notes: 'Automated — Budget: passed' },
      ],
    });
  });
});

describe('deprecation', () => {
  it('deprecates an approved version pointing to a newer replacement; refuses drafts and bad replacements', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'deprecate-me');
    const v1 = await uploadVersion(t, ALICE, moduleId, { slug: 'deprecate-me', version: '1.0.0' });
    await approveVersion(t, v1);
    const v2 = await uploadVersion(t, ALICE, moduleId, { slug: 'deprecate-me', version: '2.0.0' });
    const notYet = await t.gqlOk(DEPRECATE, { input: { versionId: v1, replacedByVersionId: v2 } }, { as: ALICE });
    expect(notYet.moduleVersionDeprecate.errors).toEqual([{ code: 'REPLACEMENT_INVALID', field: 'replacedByVersionId' }]);
    expect((await t.gqlOk(DEPRECATE, { input: { versionId: v2 } }, { as: ALICE })).moduleVersionDeprecate.errors).toEqual([
      { code: 'VERSION_NOT_APPROVED', field: 'versionId' },
    ]);
    await approveVersion(t, v2);
    const ok = await t.gqlOk(DEPRECATE, { input: { versionId: v1, replacedByVersionId: v2 } }, { as: ALICE });
    expect(ok.moduleVersionDeprecate.version).toEqual({
      id: v1,
      deprecatedAt: clock.now().toISOString(),
      replacedBy: { version: '2.0.0' },
    });
    expect((await t.gqlOk(DEPRECATE, { input: { versionId: v1 } }, { as: ALICE })).moduleVersionDeprecate.errors).toEqual([
      { code: 'VERSION_ALREADY_DEPRECATED', field: 'versionId' },
    ]);
    expect(await t.prisma.auditLog.count({ where: { entityType: 'module_version', entityId: String(v1), actionType: 'deprecate' } })).toBe(
      1,
    );
  });
});

describe('pricing plans', () => {
  const CREATE = `mutation($input: PricingPlanCreateInput!) { pricingPlanCreate(input: $input) { plan { id planType name price { amount currency } customRatePerDay { amount currency } billingCycle isActive features { key value } maxUsers maxInstances trialDays } errors { code field message } } }`;
  const UPDATE = `mutation($input: PricingPlanUpdateInput!) { pricingPlanUpdate(input: $input) { plan { id name price { amount } maxInstances isActive features { key value } } errors { code field message } } }`;
  const DELETE = `mutation($id: Int!) { pricingPlanDelete(input: { planId: $id }) { deletedPlanId deactivatedPlan { id isActive } errors { code field } } }`;
  let moduleId: number;
  beforeAll(async () => {
    moduleId = await createModule(t, ALICE, 2, 'priced');
  });

  it.each([
    [
      { planType: 'subscription', name: 'Monthly', price: '49', billingCycle: 'monthly' },
      { price: { amount: '49.00', currency: 'USD' }, customRatePerDay: null },
    ],
    [
      { planType: 'subscription', name: 'Annual', price: '490.5', billingCycle: 'yearly', currency: 'eur' },
      { price: { amount: '490.50', currency: 'EUR' } },
    ],
    [{ planType: 'perpetual', name: 'Lifetime', price: '999.00', billingCycle: 'once' }, { price: { amount: '999.00', currency: 'USD' } }],
    [
      { planType: 'custom', name: 'Custom Dev', customRatePerDay: '450', billingCycle: 'custom' },
      { price: null, customRatePerDay: { amount: '450.00', currency: 'USD' } },
    ],
    [
      { planType: 'freemium', name: 'Free Tier', billingCycle: 'monthly', maxUsers: 5, maxInstances: 1 },
      { price: { amount: '0.00', currency: 'USD' }, maxUsers: 5, maxInstances: 1 },
    ],
    [{ planType: 'free', name: 'Free', price: '0', billingCycle: 'once' }, { price: { amount: '0.00', currency: 'USD' } }],
  ])('creates a %j plan with exact amounts', async (input, expected) => {
    const r = await t.gqlOk(
      CREATE,
      {
        input: {
          moduleId,
          features: [
            { key: 'support', value: 'email' },
            { key: 'updates', value: true },
            { key: 'seats', value: 3 },
          ],
          ...input,
        },
      },
      { as: ALICE },
    );
    expect(r.pricingPlanCreate.errors).toEqual([]);
    expect(r.pricingPlanCreate.plan).toMatchObject({
      ...expected,
      features: [
        { key: 'seats', value: 3 },
        { key: 'support', value: 'email' },
        { key: 'updates', value: true },
      ],
    });
  });

  it('refuses combinations that do not fit the plan type, bad amounts, limits and features', async () => {
    const cases: [Record<string, unknown>, [string, string][]][] = [
      [{ planType: 'subscription', name: 'M', billingCycle: 'monthly' }, [['PLAN_PRICE_REQUIRED', 'price']]],
      [
        { planType: 'subscription', name: 'M', price: '0', billingCycle: 'once' },
        [
          ['PLAN_BILLING_CYCLE_INVALID', 'billingCycle'],
          ['PLAN_PRICE_REQUIRED', 'price'],
        ],
      ],
      [{ planType: 'perpetual', name: 'L', price: '9.999', billingCycle: 'once' }, [['INVALID_AMOUNT', 'price']]],
      [
        { planType: 'custom', name: 'C', price: '10', billingCycle: 'custom' },
        [
          ['PLAN_PRICE_NOT_ALLOWED', 'price'],
          ['PLAN_RATE_REQUIRED', 'customRatePerDay'],
        ],
      ],
      [
        { planType: 'freemium', name: 'F', price: '5', billingCycle: 'monthly', customRatePerDay: '3' },
        [
          ['PLAN_PRICE_NOT_ALLOWED', 'price'],
          ['PLAN_RATE_NOT_ALLOWED', 'customRatePerDay'],
        ],
      ],
      [
        { planType: 'subscription', name: ' ', price: '5', billingCycle: 'monthly', currency: 'dollars', maxInstances: 0 },
        [
          ['REQUIRED', 'name'],
          ['INVALID_CURRENCY', 'currency'],
          ['PLAN_LIMIT_INVALID', 'maxInstances'],
        ],
      ],
      [
        {
          planType: 'subscription',
          name: 'M',
          price: '5',
          billingCycle: 'monthly',
          features: [
            { key: 'a', value: 1 },
            { key: 'a', value: 2 },
            { key: '9x', value: 'y' },
            { key: 'obj', value: { nested: true } },
          ],
        },
        [
          ['PLAN_FEATURE_INVALID', 'features[1].key'],
          ['PLAN_FEATURE_INVALID', 'features[2].key'],
          ['PLAN_FEATURE_INVALID', 'features[3].value'],
        ],
      ],
    ];
    for (const [input, expected] of cases) {
      const r = await t.gqlOk(CREATE, { input: { moduleId, features: [], ...input } }, { as: ALICE });
      expect(r.pricingPlanCreate.errors.map((e: any) => [e.code, e.field])).toEqual(expected);
      expect(r.pricingPlanCreate.plan).toBeNull();
    }
  });

  it('updates a plan (0 removes a limit) and hard-deletes a plan nobody bought', async () => {
    const { pricingPlanCreate: c } = await t.gqlOk(
      CREATE,
      { input: { moduleId, planType: 'subscription', name: 'Team', price: '99', billingCycle: 'monthly', maxInstances: 3, features: [] } },
      { as: ALICE },
    );
    const u = await t.gqlOk(
      UPDATE,
      { input: { planId: c.plan.id, price: '89.90', maxInstances: 0, features: [{ key: 'priority_support', value: true }] } },
      { as: ALICE },
    );
    expect(u.pricingPlanUpdate.plan).toMatchObject({
      price: { amount: '89.90' },
      maxInstances: null,
      features: [{ key: 'priority_support', value: true }],
    });
    const d = await t.gqlOk(DELETE, { id: c.plan.id }, { as: ALICE });
    expect(d.pricingPlanDelete).toEqual({ deletedPlanId: c.plan.id, deactivatedPlan: null, errors: [] });
    expect(await t.prisma.auditLog.count({ where: { entityType: 'pricing_plan', entityId: String(c.plan.id) } })).toBe(3);
  });

  it('never deletes a plan that was bought: it is deactivated, and its type/cycle are locked', async () => {
    // Seed plan 4 (Custom Dev of Custom ERP) has purchase 2.
    const d = await t.gqlOk(DELETE, { id: 4 }, { as: ALICE });
    expect(d.pricingPlanDelete).toEqual({ deletedPlanId: null, deactivatedPlan: { id: 4, isActive: false }, errors: [] });
    expect(await t.prisma.pricingPlan.findUnique({ where: { id: 4 } })).not.toBeNull();
    const locked = await t.gqlOk(
      UPDATE,
      { input: { planId: 4, planType: 'subscription', price: '10', customRatePerDay: '', billingCycle: 'monthly' } },
      { as: ALICE },
    );
    expect(locked.pricingPlanUpdate.errors).toEqual([expect.objectContaining({ code: 'PLAN_LOCKED', field: 'planType' })]);
    const reactivate = await t.gqlOk(UPDATE, { input: { planId: 4, isActive: true } }, { as: ALICE });
    expect(reactivate.pricingPlanUpdate.plan.isActive).toBe(true);
  });

  it.each(OUTSIDERS)('refuses plan operations to %s (NOT_FOUND)', async (as) => {
    expect(
      code(await t.gql(CREATE, { input: { moduleId: 2, planType: 'free', name: 'x', billingCycle: 'once', features: [] } }, { as })),
    ).toBe('NOT_FOUND');
    expect(code(await t.gql(UPDATE, { input: { planId: 4, name: 'x' } }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DELETE, { id: 4 }, { as }))).toBe('NOT_FOUND');
  });
});

describe('contracts', () => {
  const CREATE = `mutation($input: ModuleContractCreateInput!) { moduleContractCreate(input: $input) { contract { id version contractType effectiveFrom isCurrent } errors { code field message } } }`;
  const WITHDRAW = `mutation($id: Int!) { moduleContractWithdraw(input: { contractId: $id }) { contract { id isActive } errors { code field } } }`;

  it('versions contracts: a new version becomes the current one from its date', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'contracted');
    const c1 = await t.gqlOk(CREATE, { input: { moduleId, version: '1.0', contractType: 'eula', body: '# EULA 1.0' } }, { as: ALICE });
    expect(c1.moduleContractCreate.contract).toMatchObject({ version: '1.0', isCurrent: true, effectiveFrom: clock.now().toISOString() });
    const c2 = await t.gqlOk(
      CREATE,
      {
        input: {
          moduleId,
          version: '1.1',
          contractType: 'eula',
          termsUrl: 'https://cdn.example/eula-1.1',
          effectiveFrom: '2026-04-01T00:00:00Z',
        },
      },
      { as: ALICE },
    );
    expect(c2.moduleContractCreate.contract.isCurrent).toBe(false);
    const current = `query($id: Int!) { vendorModule(id: $id) { currentContract { version } contracts { version isCurrent } } }`;
    expect((await t.gqlOk(current, { id: moduleId }, { as: ALICE })).vendorModule.currentContract.version).toBe('1.0');
    clock.set(new Date('2026-04-01T00:00:00Z'));
    const after = (await t.gqlOk(current, { id: moduleId }, { as: ALICE })).vendorModule;
    expect(after.currentContract.version).toBe('1.1');
    expect(after.contracts).toEqual([
      { version: '1.1', isCurrent: true },
      { version: '1.0', isCurrent: false },
    ]);
    clock.set(new Date('2026-03-01T12:00:00Z'));
  });

  it('refuses duplicate, lower or malformed versions, missing terms, past dates', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'contracted-2');
    await t.gqlOk(CREATE, { input: { moduleId, version: '2.0', contractType: 'custom', body: 'Terms' } }, { as: ALICE });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ version: '2.0', body: 'x' }, 'CONTRACT_VERSION_EXISTS', 'version'],
      [{ version: '1.9', body: 'x' }, 'CONTRACT_VERSION_NOT_GREATER', 'version'],
      [{ version: 'v3', body: 'x' }, 'CONTRACT_VERSION_INVALID', 'version'],
      [{ version: '3.0' }, 'CONTRACT_TERMS_REQUIRED', 'body'],
      [{ version: '3.0', body: 'x', effectiveFrom: '2020-01-01T00:00:00Z' }, 'CONTRACT_EFFECTIVE_IN_PAST', 'effectiveFrom'],
    ];
    for (const [input, c, field] of cases) {
      const r = await t.gqlOk(CREATE, { input: { moduleId, contractType: 'eula', ...input } }, { as: ALICE });
      expect(r.moduleContractCreate.errors).toEqual([expect.objectContaining({ code: c, field })]);
    }
  });

  it('withdraws a scheduled contract, not one in effect', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'contracted-3');
    const now = (await t.gqlOk(CREATE, { input: { moduleId, version: '1.0', contractType: 'eula', body: 'x' } }, { as: ALICE }))
      .moduleContractCreate.contract;
    const later = (
      await t.gqlOk(
        CREATE,
        { input: { moduleId, version: '1.1', contractType: 'eula', body: 'y', effectiveFrom: '2026-06-01T00:00:00Z' } },
        { as: ALICE },
      )
    ).moduleContractCreate.contract;
    expect((await t.gqlOk(WITHDRAW, { id: now.id }, { as: ALICE })).moduleContractWithdraw.errors).toEqual([
      { code: 'CONTRACT_ALREADY_EFFECTIVE', field: 'contractId' },
    ]);
    expect((await t.gqlOk(WITHDRAW, { id: later.id }, { as: ALICE })).moduleContractWithdraw.contract).toEqual({
      id: later.id,
      isActive: false,
    });
  });

  it.each(OUTSIDERS)('refuses contract operations to %s (NOT_FOUND)', async (as) => {
    expect(code(await t.gql(CREATE, { input: { moduleId: 2, version: '9.0', contractType: 'eula', body: 'x' } }, { as }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(WITHDRAW, { id: 2 }, { as }))).toBe('NOT_FOUND');
  });
});

describe('API tokens', () => {
  const CREATE = `mutation($input: VendorApiTokenCreateInput!) { vendorApiTokenCreate(input: $input) { secret token { id name prefix expiresAt } errors { code field } } }`;
  const REVOKE = `mutation($id: Int!) { vendorApiTokenRevoke(input: { tokenId: $id }) { token { id isActive } errors { code field } } }`;

  it('creates (secret once), lists without secrets, expires, revokes once', async () => {
    const c = (await t.gqlOk(CREATE, { input: { vendorId: 2, name: 'Nightly', expiresInDays: 30 } }, { as: ALICE })).vendorApiTokenCreate;
    expect(c.token.expiresAt).toBe(new Date(clock.now().getTime() + 30 * 86400_000).toISOString());
    const list = await t.gqlOk(`{ vendorApiTokens(vendorId: 2) { id name prefix isActive lastUsedAt createdByName } }`, {}, { as: ALICE });
    expect(list.vendorApiTokens).toEqual(
      expect.arrayContaining([
        { id: c.token.id, name: 'Nightly', prefix: c.token.prefix, isActive: true, lastUsedAt: null, createdByName: 'Alice Martin' },
      ]),
    );
    expect(JSON.stringify(list)).not.toContain(c.secret);
    expect((await t.gqlOk(REVOKE, { id: c.token.id }, { as: ALICE })).vendorApiTokenRevoke.token.isActive).toBe(false);
    expect((await t.gqlOk(REVOKE, { id: c.token.id }, { as: ALICE })).vendorApiTokenRevoke.errors).toEqual([
      { code: 'TOKEN_ALREADY_REVOKED', field: 'tokenId' },
    ]);
    expect(
      (await t.gqlOk(CREATE, { input: { vendorId: 2, name: 'x', expiresInDays: 1000 } }, { as: ALICE })).vendorApiTokenCreate.errors,
    ).toEqual([{ code: 'TOKEN_EXPIRY_INVALID', field: 'expiresInDays' }]);
  });

  it.each(OUTSIDERS)('refuses token operations to %s (NOT_FOUND)', async (as) => {
    const mine = (await t.gqlOk(CREATE, { input: { vendorId: 2, name: `for ${as}` } }, { as: ALICE })).vendorApiTokenCreate.token;
    expect(code(await t.gql(CREATE, { input: { vendorId: 2, name: 'steal' } }, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(`{ vendorApiTokens(vendorId: 2) { id } }`, {}, { as }))).toBe('NOT_FOUND');
    expect(code(await t.gql(REVOKE, { id: mine.id }, { as }))).toBe('NOT_FOUND');
  });
});
