import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorFingerprint } from '@wk/db';
import { FixedClock } from '../core/clock';
import { useTestApp } from '../test/harness';
import { waitFor } from '../test/wait';
import { LocalArtifactStorage } from '../modules/artifacts';
import { makeInstance, makeLicense, makeVersion } from '../test/factories';
import { SEED } from '../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wk-instance-api-'));
const storage = new LocalArtifactStorage(storageDir);
const t = useTestApp({ clock, services: { storage } });

afterAll(() => fs.rmSync(storageDir, { recursive: true, force: true }));

const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { id keyId } secret } }`;
const CRED_REVOKE = `mutation($id: Int!) { instanceCredentialRevoke(id: $id) { errors { code } } }`;

type Cred = { id: number; keyId: string; secret: string };
async function credential(instanceId: number, as: string): Promise<Cred> {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return { id: r.credential.id, keyId: r.credential.keyId, secret: r.secret };
}

const basic = (c: { keyId: string; secret: string }) => `Basic ${Buffer.from(`${c.keyId}:${c.secret}`).toString('base64')}`;

async function api(
  p: string,
  opts: { cred?: { keyId: string; secret: string } | null; headers?: Record<string, string>; method?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = { ...(opts.cred ? { authorization: basic(opts.cred) } : {}), ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.baseUrl}/api/instance/v1${p}`, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await res.json()) as any) : Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

let acmeProd: Cred;
let techstart: Cred;
beforeAll(async () => {
  acmeProd = await credential(SEED.instances.acmeProd, 'dev@acme.test');
  techstart = await credential(SEED.instances.techstartMain, 'tom@techstart.test');
});

describe('instance API authentication', () => {
  it('accepts Basic auth and the X-Instance-Key/Secret headers', async () => {
    expect((await api(`/licenses/MODLIC-CRM-101-ABC123/validate`, { cred: acmeProd })).status).toBe(200);
    expect(
      (
        await api(`/licenses/MODLIC-CRM-101-ABC123/validate`, {
          headers: { 'x-instance-key': acmeProd.keyId, 'x-instance-secret': acmeProd.secret },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses missing, unknown and wrong credentials with 401 (no cookies involved)', async () => {
    const none = await api('/licenses/MODLIC-CRM-101-ABC123/validate');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="instance-api"/);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    const wrong = await api('/licenses/MODLIC-CRM-101-ABC123/validate', {
      cred: { keyId: acmeProd.keyId, secret: `${acmeProd.secret.slice(0, -1)}X` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Unknown, revoked or wrong instance credentials.' } });
    expect(
      (await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: { keyId: 'wki_AAAAAAAAAAAAAAAAAAAA', secret: acmeProd.secret } }))
        .status,
    ).toBe(401);
    expect((await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: { keyId: 'garbage', secret: 'x' } })).status).toBe(401);
    // A signed-in user's session cookie is not an instance credential.
    const cookie = await t.sessionCookie('alice@acme.test');
    expect((await api('/licenses/MODLIC-CRM-101-ABC123/validate', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a revoked credential at once', async () => {
    const c = await credential(SEED.instances.acmeStaging, 'alice@acme.test');
    expect((await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c })).status).toBe(200);
    expect((await t.gqlOk(CRED_REVOKE, { id: c.id }, { as: 'alice@acme.test' })).instanceCredentialRevoke.errors).toEqual([]);
    const r = await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c });
    expect(r.status).toBe(401);
  });

  it('refuses the credentials of a deactivated instance (403)', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const c = await credential(inst.id, 'alice@acme.test');
    await t.prisma.instance.update({ where: { id: inst.id }, data: { isActive: false } });
    const r = await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('INSTANCE_INACTIVE');
  });

  it('updates last_used_at at most once a minute', async () => {
    const c = await credential(SEED.instances.acmeStaging, 'alice@acme.test');
    const used = async () => (await t.prisma.instanceCredential.findUniqueOrThrow({ where: { id: c.id } })).lastUsedAt;
    expect(await used()).toBeNull();
    const t0 = clock.now();
    await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c });
    expect(await used()).toEqual(t0);
    clock.advance(30_000);
    await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c });
    expect(await used()).toEqual(t0);
    clock.advance(31_000);
    await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: c });
    expect(await used()).toEqual(clock.now());
    clock.set(new Date('2025-03-01T12:00:00Z'));
  });
});

describe('GET /licenses/:key/validate', () => {
  it('returns status, expiry and entitlements of a license of the instance’s org', async () => {
    const r = await api('/licenses/MODLIC-CRM-101-ABC123/validate', { cred: acmeProd });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ratelimit-limit')).toBe('600');
    expect(r.body).toEqual({
      checkedAt: clock.now().toISOString(),
      license: {
        key: 'MODLIC-CRM-101-ABC123',
        valid: true,
        withdrawn: null,
        reason: null,
        status: 'active',
        startsAt: '2025-01-01T00:00:00.000Z',
        expiresAt: '2026-01-01T00:00:00.000Z',
        module: { id: 1, slug: 'crm-pro', name: 'CRM Pro' },
        activeOnThisInstance: true,
        permissions: ['contacts.read', 'contacts.write'],
        permissionsConsentedAt: '2025-01-01T10:00:00.000Z',
        entitlements: {
          plan: 'Annual',
          planType: 'subscription',
          features: { support: 'priority', updates: true },
          codes: ['support:priority', 'updates'],
          maxUsers: null,
          maxInstances: null,
        },
        users: { active: 0, max: null },
      },
    });
  });

  it('is one indexed lookup: two SQL statements per request (credential + license), none more', async () => {
    const statements: string[] = [];
    t.onStatement((sql) => statements.push(sql));
    // A barrier instead of a sleep: a statement issued after a response; once its event has arrived, every
    // statement the request ran (all awaited before the response) has been logged.
    let barriers = 0;
    const settled = async () => {
      const mark = `instance-api-test-barrier-${++barriers}`;
      await t.prisma.$queryRawUnsafe(`SELECT '${mark}' AS barrier`);
      await waitFor(`the statement ${mark} to be logged`, () => statements.some((q) => q.includes(mark)));
    };
    await api('/licenses/MODLIC-ERP-102-XYZ789/validate', { cred: techstart }); // last_used_at written now
    await settled();
    statements.length = 0;
    const r = await api('/licenses/MODLIC-ERP-102-XYZ789/validate', { cred: techstart });
    await settled();
    expect(r.body.license).toMatchObject({
      valid: true,
      expiresAt: null,
      entitlements: { plan: 'Custom Dev', planType: 'custom', maxUsers: null },
    });
    const mine = statements.filter((q) => /instance_credentials|module_licenses/.test(q));
    expect(mine).toHaveLength(2);
    expect(mine[1]).toMatch(/WHERE l\.license_key = \$\d+ AND l\.org_id = \$\d+/);
  });

  it('another org’s key, a malformed key and an unknown key are 404; an expired license is valid: false', async () => {
    expect((await api('/licenses/MODLIC-ERP-102-XYZ789/validate', { cred: acmeProd })).status).toBe(404);
    expect((await api('/licenses/not-a-key/validate', { cred: acmeProd })).body.error.code).toBe('LICENSE_NOT_FOUND');
    expect((await api('/licenses/MODLIC-CRM-101-ZZZZZZ/validate', { cred: acmeProd })).status).toBe(404);
    clock.set(new Date('2025-04-01T00:00:00Z'));
    try {
      const r = await api('/licenses/MODLIC-CRM-102-DEF456/validate', { cred: techstart });
      expect(r.body.license).toMatchObject({
        valid: false,
        reason: 'EXPIRED',
        status: 'active',
        expiresAt: '2025-03-15T00:00:00.000Z',
        activeOnThisInstance: true,
      });
    } finally {
      clock.set(new Date('2025-03-01T12:00:00Z'));
    }
    const suspended = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.analytics, status: 'suspended' });
    expect((await api(`/licenses/${suspended.licenseKey}/validate`, { cred: techstart })).body.license).toMatchObject({
      valid: false,
      reason: 'NOT_ACTIVE',
      status: 'suspended',
    });
  });
});

describe('GET /artifacts/:moduleVersionId', () => {
  it('streams an approved artifact the org is licensed for, with its sha256', async () => {
    const content = Buffer.from(`PK fake zip ${'x'.repeat(5000)}`);
    const sha = createHash('sha256').update(content).digest('hex');
    const src = path.join(storageDir, 'upload.tmp');
    fs.writeFileSync(src, content);
    const key = `modules/crm-pro/1.2.0/${sha}.zip`;
    await storage.put(key, src);
    const v = await makeVersion(t.prisma, { moduleId: SEED.modules.crm, version: '1.2.0', hash: sha, artifactKey: key });
    const r = await api(`/artifacts/${v.id}`, { cred: acmeProd });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-checksum-sha256')).toBe(sha);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="crm-pro-1.2.0.zip"');
    expect(Number(r.headers.get('content-length'))).toBe(content.length);
    expect(
      createHash('sha256')
        .update(r.body as Buffer)
        .digest('hex'),
    ).toBe(sha);
    await t.prisma.moduleVersion.update({ where: { id: v.id }, data: { status: 'rejected' } });
  });

  it('refuses without a license (403), and for unapproved or missing versions and files (404)', async () => {
    const noLicense = await api(`/artifacts/${SEED.versions.erp100}`, { cred: acmeProd });
    expect(noLicense.status).toBe(403);
    expect(noLicense.body.error).toEqual({
      code: 'LICENSE_REQUIRED',
      message: 'Your organization holds no active license for this module.',
    });
    expect((await api(`/artifacts/${SEED.versions.analytics210}`, { cred: techstart })).status).toBe(404); // pending
    expect((await api('/artifacts/999999', { cred: techstart })).status).toBe(404);
    expect((await api('/artifacts/abc', { cred: techstart })).status).toBe(404);
    const missing = await api(`/artifacts/${SEED.versions.crm110}`, { cred: acmeProd }); // seed key, no file stored
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ARTIFACT_NOT_FOUND');
    // An expired license no longer grants downloads.
    clock.set(new Date('2025-04-01T00:00:00Z'));
    try {
      const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
      const c = await credential(inst.id, 'tom@techstart.test');
      expect((await api(`/artifacts/${SEED.versions.crm100}`, { cred: c })).status).toBe(403);
    } finally {
      clock.set(new Date('2025-03-01T12:00:00Z'));
    }
  });
});

describe('POST /usage', () => {
  it('stores daily metrics per module; a resend of the same day replaces, never doubles', async () => {
    const body = {
      metrics: [
        {
          module: 'crm-pro',
          date: '2025-02-27',
          activeUsers: 10,
          apiCalls: 1000,
          errors: 2,
          avgResponseTimeMs: 120,
          dataProcessedMb: '12.50',
        },
      ],
    };
    const first = await api('/usage', { cred: acmeProd, body });
    expect(first).toMatchObject({ status: 200, body: { accepted: 1, replaced: 0 } });
    const again = await api('/usage', { cred: acmeProd, body: { ...body.metrics[0], activeUsers: 11, dataProcessedMb: 13.05 } });
    expect(again.body).toEqual({ accepted: 1, replaced: 1, userLimits: [] }); // CRM Pro Annual has no user limit
    const rows = await t.prisma.moduleUsageMetric.findMany({
      where: { instanceModuleId: 1, metricDate: new Date('2025-02-27T00:00:00Z') },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      activeUsers: 11,
      apiCalls: 1000,
      errors: 2,
      avgResponseTimeMs: 120,
      moduleVersionId: 2,
      coreVersion: '2.0.0',
    });
    expect(rows[0].totalDataProcessedMb.toFixed(2)).toBe('13.05');
  });

  it('validates everything first and stores nothing when one item is invalid (422 with problems)', async () => {
    const r = await api('/usage', {
      cred: acmeProd,
      body: {
        metrics: [
          { module: 'crm-pro', date: '2025-02-26', activeUsers: 1, apiCalls: 1, errors: 0 },
          { module: 'custom-erp', date: '2025-02-30', activeUsers: -1, apiCalls: 1.5, errors: 0, dataProcessedMb: '1.234' },
          { moduleId: 1, date: '2099-01-01', activeUsers: 1, apiCalls: 1, errors: 0 },
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INVALID_USAGE');
    expect(r.body.error.problems).toEqual(
      expect.arrayContaining([
        { index: 1, field: 'date', code: 'INVALID_DATE', message: expect.any(String) },
        { index: 1, field: 'activeUsers', code: 'INVALID_NUMBER', message: expect.any(String) },
        { index: 1, field: 'apiCalls', code: 'INVALID_NUMBER', message: expect.any(String) },
        { index: 1, field: 'dataProcessedMb', code: 'INVALID_NUMBER', message: expect.any(String) },
        { index: 1, field: 'module', code: 'MODULE_NOT_INSTALLED', message: 'Module "custom-erp" was never activated on this instance.' },
        { index: 2, field: 'date', code: 'DATE_IN_FUTURE', message: expect.any(String) },
      ]),
    );
    expect(await t.prisma.moduleUsageMetric.count({ where: { instanceModuleId: 1, metricDate: new Date('2025-02-26T00:00:00Z') } })).toBe(
      0,
    );
    expect((await api('/usage', { cred: acmeProd, body: '{not json' })).body.error.code).toBe('INVALID_JSON');
  });
});

describe('POST /errors', () => {
  it('fingerprints errors: repeats raise occurrences and occurred_at instead of adding rows, and reopen resolved ones', async () => {
    const e1 = {
      module: 'crm-pro',
      type: 'database',
      message: 'Deadlock on row 1234 of table "contacts"',
      stackTrace: 'Error\n    at Db.query (db.js:10)\n    at x',
    };
    const first = await api('/errors', { cred: acmeProd, body: e1 });
    expect(first.status).toBe(200);
    expect(first.body.errors[0]).toMatchObject({
      occurrences: 1,
      created: true,
      fingerprint: errorFingerprint('database', e1.message, e1.stackTrace),
    });
    clock.advance(5_000);
    const repeat = await api('/errors', {
      cred: acmeProd,
      body: { errors: [{ ...e1, message: 'Deadlock on row 98 of table "deals"', count: 3 }] },
    });
    expect(repeat.body.errors[0]).toMatchObject({ id: first.body.errors[0].id, occurrences: 4, created: false });
    const row = await t.prisma.moduleErrorLog.findUniqueOrThrow({ where: { id: first.body.errors[0].id } });
    expect(row).toMatchObject({
      occurrences: 4,
      occurredAt: clock.now(),
      firstSeenAt: new Date('2025-03-01T12:00:00Z'),
      resolved: false,
      coreVersion: '2.0.0',
      moduleVersionId: 2,
    });
    const other = await api('/errors', { cred: acmeProd, body: { ...e1, type: 'timeout' } });
    expect(other.body.errors[0].created).toBe(true);

    // Seed error 1 (resolved) comes back: same fingerprint → the same row, reopened.
    const seedRepeat = await api('/errors', {
      cred: acmeProd,
      body: { module: 'crm-pro', type: 'database', message: 'Connection timeout', stackTrace: '[stack trace data]' },
    });
    expect(seedRepeat.body.errors[0]).toMatchObject({ id: 1, occurrences: 2, created: false });
    expect(await t.prisma.moduleErrorLog.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ resolved: false, occurrences: 2 });
    clock.set(new Date('2025-03-01T12:00:00Z'));

    const bad = await api('/errors', { cred: acmeProd, body: { module: 'crm-pro', message: 'no type' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.problems).toEqual([{ index: 0, field: 'type', code: 'REQUIRED', message: 'type is required.' }]);
  });

  it('an error of a module never activated on this instance is refused at its index, and nothing of the report is stored', async () => {
    const before = await t.prisma.moduleErrorLog.count();
    const r = await api('/errors', {
      cred: acmeProd,
      body: {
        errors: [
          { module: 'crm-pro', type: 'database', message: 'Deadlock found' },
          { module: 'custom-erp', type: 'database', message: 'Deadlock found' },
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.error.problems).toEqual([
      { index: 1, field: 'module', code: 'MODULE_NOT_INSTALLED', message: 'Module "custom-erp" was never activated on this instance.' },
    ]);
    expect(await t.prisma.moduleErrorLog.count()).toBe(before);
  });
});

describe('POST /updates/:updateId/report', () => {
  it('the instance reports its update; another instance cannot; a second report conflicts', async () => {
    const foreign = await api('/updates/3/report', { cred: acmeProd, body: { status: 'success' } });
    expect(foreign.status).toBe(404);
    expect((await api('/updates/3/report', { cred: techstart, body: { status: 'done' } })).status).toBe(422);
    const r = await api('/updates/3/report', { cred: techstart, body: { status: 'success' } });
    expect(r.status).toBe(200);
    expect(r.body.update).toMatchObject({ id: 3, status: 'success', fromVersionId: 1, toVersionId: 2, errorMessage: null });
    expect((await t.prisma.instanceModule.findUniqueOrThrow({ where: { id: 4 } })).moduleVersionId).toBe(2);
    const log = await t.prisma.activationLog.findFirstOrThrow({ where: { instanceModuleId: 4 }, orderBy: { id: 'desc' } });
    expect(log).toMatchObject({ eventType: 'update', status: 'success', performedById: null, metadata: { via: 'instance_api' } });
    expect(await t.prisma.auditLog.findFirst({ where: { actionType: 'update_complete', entityId: '4' } })).toMatchObject({
      userId: null,
      orgId: SEED.techstart,
    });
    const again = await api('/updates/3/report', { cred: techstart, body: { status: 'failed', errorMessage: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('UPDATE_NOT_IN_PROGRESS');
  });

  it('unknown endpoints are 404 JSON', async () => {
    const r = await api('/nope', { cred: acmeProd });
    expect(r).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });
});
