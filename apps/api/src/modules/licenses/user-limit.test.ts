import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeActivation, makeInstance, makeLicense } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

/**
 * max_users (seed plan 5, Analytics "Free Tier": 5 users). The rule (README "User limits"): the
 * active users of a license are the sum, over the org's instances where it is active, of each
 * instance's latest daily report within 7 days; beyond max_users the license does not validate.
 */
describe('max_users', () => {
  const clock = new FixedClock(new Date('2026-03-10T12:00:00Z'));
  const t = useTestApp({ clock });
  const CRED = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

  async function setup() {
    const license = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.analytics, planId: 5 });
    const version = await t.prisma.moduleVersion.findFirstOrThrow({
      where: { moduleId: SEED.modules.analytics, status: { in: ['stable', 'beta'] } },
    });
    const instances = [];
    for (let i = 0; i < 2; i++) {
      const instance = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.origin195 });
      await makeActivation(t.prisma, {
        instanceId: instance.id,
        licenseId: license.id,
        moduleId: SEED.modules.analytics,
        moduleVersionId: version.id,
      });
      const c = (await t.gqlOk(CRED, { input: { instanceId: instance.id } }, { as: 'alice@acme.test' })).instanceCredentialCreate;
      instances.push({ instance, auth: `Basic ${Buffer.from(`${c.credential.keyId}:${c.secret}`).toString('base64')}` });
    }
    return { license, instances };
  }
  const call = async (auth: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.baseUrl}/api/instance/v1${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const report = (auth: string, date: string, activeUsers: number) =>
    call(auth, '/usage', { module: 'analytics-pro', date, activeUsers, apiCalls: 1, errors: 0 });

  it('within the limit the license validates; beyond it (3 + 3 users > 5) it answers USER_LIMIT_EXCEEDED', async () => {
    const { license, instances } = await setup();
    const [a, b] = instances;
    expect((await call(a!.auth, `/licenses/${license.licenseKey}/validate`)).body.license).toMatchObject({
      valid: true,
      reason: null,
      users: { active: 0, max: 5 },
    });
    const r1 = await report(a!.auth, '2026-03-09', 3);
    expect(r1.status).toBe(200);
    expect(r1.body.userLimits).toEqual([
      { module: 'analytics-pro', licenseKey: license.licenseKey, activeUsers: 3, maxUsers: 5, exceeded: false },
    ]);
    const r2 = await report(b!.auth, '2026-03-10', 3);
    expect(r2.body.userLimits[0]).toMatchObject({ activeUsers: 6, exceeded: true });
    expect((await call(a!.auth, `/licenses/${license.licenseKey}/validate`)).body.license).toMatchObject({
      valid: false,
      reason: 'USER_LIMIT_EXCEEDED',
      users: { active: 6, max: 5 },
    });
    const view = await t.gqlOk(
      `query($id: Int!) { license(id: $id) { userLimit { activeUsers maxUsers exceeded } } }`,
      { id: license.id },
      { as: 'viewer@acme.test' },
    );
    expect(view.license.userLimit).toEqual({ activeUsers: 6, maxUsers: 5, exceeded: true });
    // A later, smaller report replaces the instance's figure: back within the limit.
    await report(b!.auth, '2026-03-10', 2);
    expect((await call(a!.auth, `/licenses/${license.licenseKey}/validate`)).body.license).toMatchObject({
      valid: true,
      users: { active: 5 },
    });
  });

  it('only recent reports count (7 days), and only instances where the license is active', async () => {
    const { license, instances } = await setup();
    await report(instances[0]!.auth, '2026-03-01', 9); // 9 days old
    expect((await call(instances[0]!.auth, `/licenses/${license.licenseKey}/validate`)).body.license).toMatchObject({
      valid: true,
      users: { active: 0 },
    });
    await report(instances[1]!.auth, '2026-03-09', 9);
    await t.prisma.instanceModule.updateMany({ where: { instanceId: instances[1]!.instance.id }, data: { isActive: false } });
    expect((await call(instances[0]!.auth, `/licenses/${license.licenseKey}/validate`)).body.license).toMatchObject({
      valid: true,
      users: { active: 0 },
    });
  });

  it('plans without max_users have no user limit (userLimit null)', async () => {
    const view = await t.gqlOk(`query { license(id: 1) { userLimit { maxUsers } } }`, {}, { as: 'alice@acme.test' });
    expect(view.license.userLimit).toBeNull();
  });
});
