import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifyArtifact, type KeySet } from '@wk/verify';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { runArtifactSigningBackfill } from '../../jobs/artifact-signing.job';
import { approveVersion, createModule, publishingSandbox, uploadVersion } from '../publishing/test-support/publishing-fixtures';
import { makeLicense } from '../../test/factories';
import { SEED } from '../../test/seed-ids';
import { loadSigningKeys, rotateSigningKeys } from './signing-keys';

/**
 * Artifact signatures stored at approval (with their key id), the backfill job for versions
 * approved before, the instance API serving the stored signature, and key rotation.
 */
const sandbox = publishingSandbox();
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-artifact-signing-'));
const keysFile = path.join(keysDir, 'signing-keys.json');
const first = loadSigningKeys({ keysJson: null, keysFile, generate: true });
const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
const t = useTestApp({ ...sandbox.options, clock, services: { ...sandbox.options.services, signing: first } });
afterAll(() => {
  sandbox.cleanup();
  fs.rmSync(keysDir, { recursive: true, force: true });
});

const ALICE = 'alice@acme.test';
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;
const deps = () => ({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services });

async function credential(instanceId: number, as: string): Promise<string> {
  const c = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return `Basic ${Buffer.from(`${c.credential.keyId}:${c.secret}`).toString('base64')}`;
}
const get = (p: string, authorization?: string) =>
  fetch(`${t.baseUrl}/api/instance/v1${p}`, { headers: authorization ? { authorization } : {} });
const publishedKeys = async () => (await (await fetch(`${t.baseUrl}/.well-known/webkernel-keys.json`)).json()) as KeySet;
const stored = (id: number) => t.prisma.moduleVersion.findUniqueOrThrow({ where: { id }, include: { module: true } });

let acme: string;
let techstart: string;
beforeAll(async () => {
  acme = await credential(SEED.instances.acmeProd, 'dev@acme.test');
  techstart = await credential(SEED.instances.techstartMain, 'tom@techstart.test');
});

describe('signatures stored at approval', () => {
  it('an approved version has its signature and key id; the download serves that signature, which verifies the bytes', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'signed-at-approval');
    const versionId = await uploadVersion(t, ALICE, moduleId, { slug: 'signed-at-approval', version: '1.0.0' });
    expect(await stored(versionId)).toMatchObject({ artifactSignature: null, signatureKeyId: null });
    await approveVersion(t, versionId);

    const v = await stored(versionId);
    expect(v).toMatchObject({ status: 'stable', signatureKeyId: first.active.kid, signedAt: clock.now() });
    expect(v.artifactSignature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const auditRow = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'artifact_signed', entityId: String(versionId) } });
    expect(auditRow.newValue).toMatchObject({ kid: first.active.kid, via: 'approval', sha256: v.hash });
    const approval = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'approve', entityId: String(versionId) } });
    expect(approval.newValue).toMatchObject({ signatureKeyId: first.active.kid });

    await makeLicense(t.prisma, { orgId: SEED.acme, moduleId });
    const res = await get(`/artifacts/${versionId}`, acme);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('x-webkernel-signature-key-id')).toBe(first.active.kid);
    const sig = JSON.parse(Buffer.from(res.headers.get('x-webkernel-signature')!, 'base64url').toString('utf8'));
    expect(sig).toEqual({
      format: 'wk-artifact-signature/v1',
      kid: first.active.kid,
      module: 'signed-at-approval',
      version: '1.0.0',
      sha256: v.hash,
      signature: v.artifactSignature,
    });
    expect(verifyArtifact({ bytes }, sig, await publishedKeys(), { module: 'signed-at-approval', version: '1.0.0' })).toMatchObject({
      ok: true,
      kid: first.active.kid,
    });
    // Tampered bytes fail against the same signature.
    const tampered = Buffer.from(bytes);
    tampered[tampered.length - 1] ^= 1;
    expect(verifyArtifact({ bytes: tampered }, sig, await publishedKeys())).toMatchObject({ ok: false });
    // The signature endpoint returns the same stored document; nothing is signed again.
    expect(await (await get(`/artifacts/${versionId}/signature`, acme)).json()).toEqual(sig);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'artifact_signed', entityId: String(versionId) } })).toBe(1);

    // Refusals: another org without a license, no credentials.
    const other = await get(`/artifacts/${versionId}/signature`, techstart);
    expect(other.status).toBe(403);
    expect(((await other.json()) as any).error.code).toBe('LICENSE_REQUIRED');
    expect((await get(`/artifacts/${versionId}/signature`)).status).toBe(401);
  });
});

describe('the signing backfill (migration job)', () => {
  it('signs the approved versions that predate signing, once; seed history without a SHA-256 stays unsigned', async () => {
    const before = await stored(SEED.versions.crm110);
    expect(before.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(before.artifactSignature).toBeNull();

    const toSign = (
      await t.prisma.moduleVersion.findMany({
        where: { status: { in: ['beta', 'stable', 'withdrawn'] }, artifactSignature: null },
        select: { hash: true },
      })
    ).filter((u) => /^[0-9a-f]{64}$/i.test(u.hash ?? '')).length;
    expect(toSign).toBeGreaterThanOrEqual(4); // the demo releases built at seed time
    const r1 = await runArtifactSigningBackfill(deps());
    expect(r1).toEqual({ checked: toSign, signed: toSign });
    const after = await stored(SEED.versions.crm110);
    expect(after).toMatchObject({ signatureKeyId: first.active.kid });
    const doc = {
      format: 'wk-artifact-signature/v1',
      kid: after.signatureKeyId,
      module: 'crm-pro',
      version: after.version,
      sha256: after.hash,
      signature: after.artifactSignature,
    };
    expect(verifyArtifact({ sha256: after.hash! }, doc, await publishedKeys(), { module: 'crm-pro', version: '1.1.0' })).toMatchObject({
      ok: true,
    });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'artifact_signed', entityId: String(SEED.versions.crm110) } })).toBe(1);

    // Idempotent: a second run signs nothing and changes nothing.
    const r2 = await runArtifactSigningBackfill(deps());
    expect(r2).toEqual({ checked: 0, signed: 0 });
    expect((await stored(SEED.versions.crm110)).artifactSignature).toBe(after.artifactSignature);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'artifact_signed', entityId: String(SEED.versions.crm110) } })).toBe(1);
    // Every approved version with a SHA-256 is signed now.
    const unsigned = await t.prisma.moduleVersion.findMany({
      where: { status: { in: ['beta', 'stable', 'withdrawn'] }, artifactSignature: null },
      select: { hash: true },
    });
    expect(unsigned.filter((u) => /^[0-9a-f]{64}$/i.test(u.hash ?? ''))).toEqual([]);
  });

  it('after a key rotation, older stored signatures still verify with the published key set; new approvals use the new key', async () => {
    await runArtifactSigningBackfill(deps());
    const old = await stored(SEED.versions.crm110);
    expect(old.signatureKeyId).toBe(first.active.kid);

    rotateSigningKeys(keysFile);
    const rotated = loadSigningKeys({ keysJson: null, keysFile, generate: false });
    t.services.signing = rotated;
    try {
      expect(rotated.active.kid).not.toBe(first.active.kid);
      const keys = await publishedKeys();
      expect(keys.keys.map((k) => [k.kid, k.status])).toEqual([
        [rotated.active.kid, 'active'],
        [first.active.kid, 'retired'],
      ]);
      // The instance API still serves the signature made with the retired key, and it verifies.
      await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.crm }); // the demo license ended 2026-01-01
      const res = await get(`/artifacts/${SEED.versions.crm110}/signature`, acme);
      expect(res.status).toBe(200);
      const sig = (await res.json()) as any;
      expect(sig).toMatchObject({ kid: first.active.kid, signature: old.artifactSignature });
      expect(verifyArtifact({ sha256: old.hash! }, sig, keys, { module: 'crm-pro', version: '1.1.0' })).toMatchObject({
        ok: true,
        kid: first.active.kid,
      });
      // Without the retired key in the set it would not verify: the rotation must keep publishing it.
      const onlyNew = { keys: keys.keys.filter((k) => k.kid === rotated.active.kid) };
      expect(verifyArtifact({ sha256: old.hash! }, sig, onlyNew)).toMatchObject({ ok: false });

      const moduleId = await createModule(t, ALICE, 2, 'signed-after-rotation');
      const versionId = await uploadVersion(t, ALICE, moduleId, { slug: 'signed-after-rotation', version: '1.0.0' });
      await approveVersion(t, versionId);
      expect((await stored(versionId)).signatureKeyId).toBe(rotated.active.kid);
    } finally {
      t.services.signing = first;
    }
  });
});

describe('withdrawn versions', () => {
  it('a withdrawn version is refused (410) for download and signature, even with a stored signature', async () => {
    const moduleId = await createModule(t, ALICE, 2, 'signed-then-withdrawn');
    const versionId = await uploadVersion(t, ALICE, moduleId, { slug: 'signed-then-withdrawn', version: '1.0.0' });
    await approveVersion(t, versionId);
    await makeLicense(t.prisma, { orgId: SEED.acme, moduleId });
    expect((await get(`/artifacts/${versionId}`, acme)).status).toBe(200);
    await t.prisma.moduleVersion.update({
      where: { id: versionId },
      data: { status: 'withdrawn', withdrawnAt: clock.now(), withdrawnReason: 'Security issue' },
    });
    expect((await stored(versionId)).artifactSignature).not.toBeNull();
    for (const p of [`/artifacts/${versionId}`, `/artifacts/${versionId}/signature`]) {
      const r = await get(p, acme);
      expect(r.status).toBe(410);
      expect(((await r.json()) as any).error).toMatchObject({ code: 'VERSION_WITHDRAWN' });
    }
  });
});
