import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { entitlementsOf } from '@wk/domain';
import { verifyLicenseFile, type KeySet } from '@wk/verify';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { loadSigningKeys } from './signing-keys';
import { SEED } from '../../test/seed-ids';

// Issue 17 "Entitlements … editable by the vendor" and "a TTL, 30 days by default, configurable per plan".
const NOW = new Date('2025-03-01T12:00:00Z');
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-signing-'));
const signing = loadSigningKeys({ keysJson: null, keysFile: path.join(keysDir, 'keys.json'), generate: true });
const t = useTestApp({ clock: new FixedClock(NOW), services: { signing }, config: { licenseFileTtlDays: 30 } });
afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));

const ACME_CRM_PLAN = 2; // the plan of seed license acmeCrm (MODLIC-CRM-101-ABC123)
const OWNER = 'admin@webkernel.com'; // CRM Pro is Webkernel Labs' (official): platform admins run it
const PLAN_FIELDS = 'id entitlements entitlementsFromFeatures licenseFileTtlDays';
const UPDATE = `mutation($input: PricingPlanUpdateInput!) { pricingPlanUpdate(input: $input) { plan { ${PLAN_FIELDS} } errors { code field message } } }`;
const CREATE = `mutation($input: PricingPlanCreateInput!) { pricingPlanCreate(input: $input) { plan { ${PLAN_FIELDS} } errors { code field message } } }`;
const ISSUE = `mutation($input: LicenseFileIssueInput!) { licenseFileIssue(input: $input) {
  licenseFile { content issuedAt validUntil entitlements } errors { code field message } } }`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

const update = (input: Record<string, unknown>, as = OWNER) =>
  t.gqlOk(UPDATE, { input: { planId: ACME_CRM_PLAN, ...input } }, { as }).then((d) => d.pricingPlanUpdate);
const keySet = async () => (await (await fetch(`${t.baseUrl}/.well-known/webkernel-keys.json`)).json()) as KeySet;
const planRow = () => t.prisma.pricingPlan.findUniqueOrThrow({ where: { id: ACME_CRM_PLAN } });

afterEach(async () => {
  // The database is shared by this file's tests: each starts from the seed's plan.
  await t.prisma.pricingPlan.update({ where: { id: ACME_CRM_PLAN }, data: { licenseFileTtlDays: null } });
  await t.prisma.$executeRaw`UPDATE module_pricing_plans SET entitlement_codes = NULL WHERE id = ${ACME_CRM_PLAN}`;
});

describe('a plan’s entitlement codes and license-file time to live', () => {
  it('default to the codes derived from the features and the platform’s TTL', async () => {
    const plan = await planRow();
    const r = (await t.gqlOk(`{ vendorModule(id: ${plan.moduleId}) { pricingPlans { ${PLAN_FIELDS} } } }`, {}, { as: OWNER })).vendorModule;
    expect(r.pricingPlans.find((p: { id: number }) => p.id === ACME_CRM_PLAN)).toEqual({
      id: ACME_CRM_PLAN,
      entitlements: entitlementsOf(plan.features),
      entitlementsFromFeatures: true,
      licenseFileTtlDays: null,
    });
  });

  it('the vendor sets their own codes (normalised) and a TTL, audited; validate and the license file carry them', async () => {
    const r = await update({ entitlements: [' SSO ', 'support:priority', 'sso', 'api.calls:10000'], licenseFileTtlDays: 7 });
    expect(r.errors).toEqual([]);
    expect(r.plan).toEqual({
      id: ACME_CRM_PLAN,
      entitlements: ['api.calls:10000', 'sso', 'support:priority'],
      entitlementsFromFeatures: false,
      licenseFileTtlDays: 7,
    });
    const row = await t.prisma.auditLog.findFirstOrThrow({
      where: { actionType: 'update', entityType: 'pricing_plan', entityId: String(ACME_CRM_PLAN) },
      orderBy: { id: 'desc' },
    });
    expect(row.newValue).toMatchObject({ entitlementCodes: ['api.calls:10000', 'sso', 'support:priority'], licenseFileTtlDays: 7 });
    expect(row.oldValue).toMatchObject({ licenseFileTtlDays: null });

    // The signed license file: the vendor's codes, valid 7 days (the plan's TTL, before the license's end).
    const issued = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.acmeCrm } }, { as: 'alice@acme.test' })).licenseFileIssue;
    expect(issued.errors).toEqual([]);
    expect(issued.licenseFile.entitlements).toEqual(['api.calls:10000', 'sso', 'support:priority']);
    expect(issued.licenseFile.validUntil).toBe('2025-03-08T12:00:00.000Z');
    const verified = verifyLicenseFile(JSON.parse(issued.licenseFile.content), await keySet(), { now: NOW });
    expect(verified.ok && verified.value.entitlements).toEqual(['api.calls:10000', 'sso', 'support:priority']);
    expect(
      verifyLicenseFile(JSON.parse(issued.licenseFile.content), await keySet(), { now: new Date('2025-03-09T00:00:00Z') }),
    ).toMatchObject({ ok: false });

    // The instance API's validate.
    const c = (await t.gqlOk(CRED_CREATE, { input: { instanceId: SEED.instances.acmeProd } }, { as: 'dev@acme.test' }))
      .instanceCredentialCreate;
    const res = await fetch(`${t.baseUrl}/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`, {
      headers: { authorization: `Basic ${Buffer.from(`${c.credential.keyId}:${c.secret}`).toString('base64')}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { license: { entitlements: { codes: string[] } } };
    expect(body.license.entitlements.codes).toEqual(['api.calls:10000', 'sso', 'support:priority']);
  });

  it('goes back to derived codes and the platform TTL on request', async () => {
    expect((await update({ entitlements: ['sso'], licenseFileTtlDays: 3 })).errors).toEqual([]);
    const r = await update({ entitlementsFromFeatures: true, licenseFileTtlDays: 0 });
    expect(r.errors).toEqual([]);
    const plan = await planRow();
    expect(r.plan).toMatchObject({ entitlements: entitlementsOf(plan.features), entitlementsFromFeatures: true, licenseFileTtlDays: null });
    expect(plan.entitlementCodes).toBeNull();
    // An explicit empty list grants nothing (and is not "derived").
    expect((await update({ entitlements: [] })).plan).toMatchObject({ entitlements: [], entitlementsFromFeatures: false });
  });

  it('refuses malformed codes, too many codes and a TTL outside 1–365 days on their fields, and changes nothing', async () => {
    const before = await planRow();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ entitlements: ['ok', 'two words'] }, 'PLAN_ENTITLEMENT_INVALID', 'entitlements[1]'],
      [{ entitlements: ['a:b:c'] }, 'PLAN_ENTITLEMENT_INVALID', 'entitlements[0]'],
      [{ entitlements: Array.from({ length: 51 }, (_, i) => `c${i}`) }, 'PLAN_ENTITLEMENT_INVALID', 'entitlements'],
      [{ entitlements: ['sso'], entitlementsFromFeatures: true }, 'PLAN_ENTITLEMENT_INVALID', 'entitlements'],
      [{ licenseFileTtlDays: 366 }, 'PLAN_LICENSE_FILE_TTL_INVALID', 'licenseFileTtlDays'],
      [{ licenseFileTtlDays: -1 }, 'PLAN_LICENSE_FILE_TTL_INVALID', 'licenseFileTtlDays'],
    ];
    for (const [input, code, field] of cases) {
      const r = await update(input);
      expect(r.plan).toBeNull();
      expect(r.errors).toEqual([expect.objectContaining({ code, field })]);
    }
    const created = (
      await t.gqlOk(
        CREATE,
        {
          input: {
            moduleId: before.moduleId,
            planType: 'subscription',
            name: 'Bad',
            price: '10',
            billingCycle: 'monthly',
            entitlements: ['UPPER ok?'],
            licenseFileTtlDays: 0,
          },
        },
        { as: OWNER },
      )
    ).pricingPlanCreate;
    expect(created.errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([
      ['PLAN_ENTITLEMENT_INVALID', 'entitlements[0]'],
      ['PLAN_LICENSE_FILE_TTL_INVALID', 'licenseFileTtlDays'],
    ]);
    expect(await planRow()).toEqual(before);
    expect(await t.prisma.pricingPlan.count({ where: { name: 'Bad' } })).toBe(0);
  });

  it('another vendor’s member and a buyer cannot change them (NOT_FOUND), and nothing changes', async () => {
    const before = await planRow();
    for (const as of ['alice@acme.test', 'john@johndoe.test', 'viewer@acme.test']) {
      const r = await t.gql(UPDATE, { input: { planId: ACME_CRM_PLAN, entitlements: ['stolen'] } }, { as });
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    expect(await planRow()).toEqual(before);
  });
});
