import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeInstance, makeLicense, makePlan } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

/**
 * The plan's instance limit holds under concurrency: activations of one license serialise on a
 * row lock of the license (SELECT … FOR UPDATE) while the active instances are counted.
 */
const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock, poolSize: 12 });

const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) { instanceModule { id } errors { code } } }`;

describe('activation under concurrency', () => {
  it('20 parallel activations on 20 instances with a max_instances 2 plan → exactly 2 succeed, 18 are refused and logged', async () => {
    const plan = await makePlan(t.prisma, SEED.modules.crm, { maxInstances: 2, name: 'Duo' });
    const license = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: SEED.modules.crm, planId: plan.id });
    const instances = await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200, name: `Race ${i}` })),
    );
    await t.sessionCookie('alice@acme.test');

    const results = await Promise.all(
      instances.map((inst) =>
        t.gqlOk(
          ACTIVATE,
          {
            input: {
              instanceId: inst.id,
              licenseId: license.id,
              moduleVersionId: SEED.versions.crm110,
              reportedHash: SEED.hashes.crm110,
              consentedPermissions: [...SEED.permissions.crm],
            },
          },
          { as: 'alice@acme.test' },
        ),
      ),
    );
    const payloads = results.map((r) => r.instanceActivateModule);
    expect(payloads.filter((p) => p.instanceModule).length).toBe(2);
    expect(payloads.filter((p) => p.errors[0]?.code === 'INSTANCE_LIMIT_REACHED').length).toBe(18);
    expect(await t.prisma.instanceModule.count({ where: { licenseId: license.id, isActive: true } })).toBe(2);
    expect(await t.prisma.activationLog.count({ where: { licenseId: license.id, status: 'success' } })).toBe(2);
    expect(
      await t.prisma.activationLog.count({ where: { licenseId: license.id, status: 'failed', errorCode: 'INSTANCE_LIMIT_REACHED' } }),
    ).toBe(18);
  });

  it('20 parallel activations of one module on one instance → one instance-module row, one success', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    const license = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.crm });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.gqlOk(
          ACTIVATE,
          {
            input: {
              instanceId: inst.id,
              licenseId: license.id,
              moduleVersionId: SEED.versions.crm100,
              reportedHash: SEED.hashes.crm100,
              consentedPermissions: [...SEED.permissions.crm],
            },
          },
          { as: 'tom@techstart.test' },
        ),
      ),
    );
    const payloads = results.map((r) => r.instanceActivateModule);
    expect(payloads.filter((p) => p.instanceModule).length).toBe(1);
    expect(payloads.filter((p) => p.errors[0]?.code === 'MODULE_ALREADY_ACTIVE').length).toBe(19);
    expect(await t.prisma.instanceModule.count({ where: { instanceId: inst.id } })).toBe(1);
  });
});
