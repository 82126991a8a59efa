import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { entitlementsOf } from '@wk/domain';
import { verifyArtifact, verifyLicenseFile, type KeySet } from '@wk/verify';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { loadSigningKeys, rotateSigningKeys } from './signing-keys';
import { SEED } from '../../test/seed-ids';

const NOW = new Date('2025-03-01T12:00:00Z');
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-signing-'));
const keysFile = path.join(keysDir, 'signing-keys.json');
const signing = loadSigningKeys({ keysJson: null, keysFile, generate: true });
const t = useTestApp({ clock: new FixedClock(NOW), services: { signing }, config: { licenseFileTtlDays: 30 } });
afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));

const ISSUE = `mutation($input: LicenseFileIssueInput!) {
  licenseFileIssue(input: $input) {
    licenseFile { content fileName keyId issuedAt validUntil entitlements maxInstances maxUsers encrypted }
    errors { code field message }
  }
}`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

async function keySet(): Promise<KeySet> {
  const res = await fetch(`${t.baseUrl}/.well-known/webkernel-keys.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as KeySet;
}

describe('the public key set', () => {
  it('is served without authentication, with key ids and no private material', async () => {
    const set = await keySet();
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: signing.active.kid, status: 'active' });
    expect(JSON.stringify(set)).not.toMatch(/"d"|PRIVATE/);
  });
});

describe('licenseFileIssue', () => {
  it('gives an org admin a signed file that verifies, with the plan’s entitlements and an audit row', async () => {
    const r = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.acmeCrm } }, { as: 'alice@acme.test' })).licenseFileIssue;
    expect(r.errors).toEqual([]);
    const f = r.licenseFile;
    expect(f.fileName).toBe('MODLIC-CRM-101-ABC123.license.json');
    expect(f.keyId).toBe(signing.active.kid);
    expect(f.validUntil).toBe('2025-03-31T12:00:00.000Z'); // now + 30 days, before the license's end (2026-01-01)
    const plan = await t.prisma.pricingPlan.findUniqueOrThrow({ where: { id: 2 } });
    expect(f.entitlements).toEqual(entitlementsOf(plan.features));
    expect(f.entitlements.length).toBeGreaterThan(0);
    const verified = verifyLicenseFile(JSON.parse(f.content), await keySet(), { now: NOW });
    expect(verified).toMatchObject({ ok: true, kid: signing.active.kid });
    if (verified.ok) {
      expect(verified.value.organization).toEqual({ id: 101, name: 'Acme Corp' });
      expect(verified.value.module.slug).toBe('crm-pro');
      expect(verified.value.maxInstances).toBe(plan.maxInstances);
    }
    const rows = await t.prisma.auditLog.findMany({
      where: { actionType: 'license.file_issued', entityId: String(SEED.licenses.acmeCrm) },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.orgId).toBe(101);
  });

  it('ends the file with the license when the license ends first', async () => {
    const r = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.techstartCrm } }, { as: 'tom@techstart.test' })).licenseFileIssue;
    expect(r.licenseFile.validUntil).toBe('2025-03-15T00:00:00.000Z');
  });

  it('a tampered file, or one past its valid-until, fails verification', async () => {
    const r = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.acmeCrm } }, { as: 'alice@acme.test' })).licenseFileIssue;
    const file = JSON.parse(r.licenseFile.content);
    const set = await keySet();
    expect(verifyLicenseFile(file, set, { now: new Date('2025-04-01T00:00:00Z') })).toMatchObject({ ok: false, code: 'EXPIRED' });
    file.payload.maxInstances = 999;
    expect(verifyLicenseFile(file, set, { now: NOW })).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('can encrypt the file with a key derived from the license key', async () => {
    const r = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.acmeCrm, encrypt: true } }, { as: 'alice@acme.test' }))
      .licenseFileIssue;
    expect(r.licenseFile.encrypted).toBe(true);
    expect(r.licenseFile.content).not.toContain('Acme');
    const file = JSON.parse(r.licenseFile.content);
    const set = await keySet();
    expect(verifyLicenseFile(file, set, { now: NOW })).toMatchObject({ ok: false, code: 'LICENSE_KEY_REQUIRED' });
    expect(verifyLicenseFile(file, set, { now: NOW, licenseKey: 'MODLIC-CRM-101-ABC123' })).toMatchObject({ ok: true });
  });

  it('refuses a license that is not active, naming the field', async () => {
    await t.prisma.license.update({ where: { id: SEED.licenses.techstartErp }, data: { status: 'suspended' } });
    const r = (await t.gqlOk(ISSUE, { input: { licenseId: SEED.licenses.techstartErp } }, { as: 'tom@techstart.test' })).licenseFileIssue;
    expect(r.licenseFile).toBeNull();
    expect(r.errors).toEqual([{ code: 'LICENSE_NOT_ACTIVE', field: 'licenseId', message: expect.any(String) }]);
    await t.prisma.license.update({ where: { id: SEED.licenses.techstartErp }, data: { status: 'active' } });
  });

  it.each([
    ['a developer of the org', 'dev@acme.test', 'FORBIDDEN'],
    ['a viewer of the org', 'viewer@acme.test', 'FORBIDDEN'],
    ['another org’s admin', 'tom@techstart.test', 'NOT_FOUND'],
    ['a vendor with no membership', 'john@johndoe.test', 'NOT_FOUND'],
    ['an anonymous caller', null, 'UNAUTHENTICATED'],
  ])('refuses %s (%s → %s) and issues nothing', async (_who, as, code) => {
    const before = await t.prisma.auditLog.count({ where: { actionType: 'license.file_issued' } });
    const r = await t.gql(ISSUE, { input: { licenseId: SEED.licenses.acmeCrm } }, { as });
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(r)).not.toContain('MODLIC-CRM-101');
    expect(await t.prisma.auditLog.count({ where: { actionType: 'license.file_issued' } })).toBe(before);
  });
});

describe('instance API: license files, entitlements and artifact signatures', () => {
  let cred: string;
  let other: string;
  beforeAll(async () => {
    const make = async (instanceId: number, as: string) => {
      const c = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
      return `Basic ${Buffer.from(`${c.credential.keyId}:${c.secret}`).toString('base64')}`;
    };
    cred = await make(SEED.instances.acmeProd, 'dev@acme.test');
    other = await make(SEED.instances.techstartMain, 'tom@techstart.test');
  });
  const get = (p: string, authorization: string) => fetch(`${t.baseUrl}/api/instance/v1${p}`, { headers: { authorization } });

  it('an instance fetches a signed license file of its own org; another org’s key is not found', async () => {
    const res = await get('/licenses/MODLIC-CRM-101-ABC123/file', cred);
    expect(res.status).toBe(200);
    const verified = verifyLicenseFile(await res.json(), await keySet(), { now: NOW });
    expect(verified).toMatchObject({ ok: true });
    const refused = await get('/licenses/MODLIC-CRM-101-ABC123/file', other);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain('Acme');
  });

  it('validate returns the entitlement codes', async () => {
    const res = await get('/licenses/MODLIC-CRM-101-ABC123/validate', cred);
    const body = (await res.json()) as { license: { entitlements: { codes: string[]; features: unknown } } };
    expect(body.license.entitlements.codes).toEqual(entitlementsOf(body.license.entitlements.features));
  });

  it('an artifact with a SHA-256 is served with a signature that verifies; a rotated key keeps it verifiable', async () => {
    const bytes = Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary');
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const version = await t.prisma.moduleVersion.findUniqueOrThrow({ where: { id: SEED.versions.crm110 }, include: { module: true } });
    const sigRes = await get(`/artifacts/${version.id}/signature`, cred);
    if (version.hash && /^[0-9a-f]{64}$/.test(version.hash)) {
      expect(sigRes.status).toBe(200);
    } else {
      // Seed history carries 32-hex hashes: no SHA-256, so no signature is claimed.
      expect(sigRes.status).toBe(404);
      expect(((await sigRes.json()) as { error: { code: string } }).error.code).toBe('SIGNATURE_NOT_AVAILABLE');
    }
    // A new artifact (as when demo artifacts are rebuilt): its stored signature is cleared, and the next download signs it.
    await t.prisma.moduleVersion.update({
      where: { id: version.id },
      data: { hash: sha, artifactSignature: null, signatureKeyId: null, signedAt: null },
    });
    const signed = await get(`/artifacts/${version.id}/signature`, cred);
    expect(signed.status).toBe(200);
    const sig = await signed.json();
    expect(verifyArtifact({ bytes }, sig, await keySet(), { module: version.module.slug, version: version.version })).toMatchObject({
      ok: true,
    });
    // Rotation: a new active key; the old one stays in the file and so in the published set.
    rotateSigningKeys(keysFile);
    const rotated = loadSigningKeys({ keysJson: null, keysFile, generate: false });
    expect(rotated.active.kid).not.toBe(signing.active.kid);
    expect(verifyArtifact({ bytes }, sig, rotated.keySet())).toMatchObject({ ok: true, kid: signing.active.kid });
    // Acme holds no license for Custom ERP: no signature of its artifact either.
    expect((await get(`/artifacts/${SEED.versions.erp100}/signature`, cred)).status).toBe(403);
  });
});
