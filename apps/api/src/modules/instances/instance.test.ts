import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { hashSecret, verifySecret } from './credential-secret';
import { makeActivation, makeInstance, makeLicensedOrg, makeMember, makeOrgWithMember, makeUser } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock });

const ORG_INSTANCES = `query($orgId: Int!, $includeInactive: Boolean, $first: Int, $after: String) {
  orgInstances(orgId: $orgId, includeInactive: $includeInactive, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name environment domain isActive core { id name version validationStatus } software { name }
      modules { id isActive moduleHash module { slug name vendorName } version { version status } license { licenseKey status usable planName maxInstances activeInstances } activatedByName } } }
  }
}`;
const INSTANCE = `query($id: Int!) { instance(id: $id) { id name environment core { version validationStatus } modules { module { slug } version { version } } } }`;
const CREATE = `mutation($input: InstanceCreateInput!) { instanceCreate(input: $input) { instance { id name environment domain isActive core { version validationStatus } } errors { code field message } } }`;
const UPDATE = `mutation($input: InstanceUpdateInput!) { instanceUpdate(input: $input) { instance { id name environment domain core { version } } errors { code field message } } }`;
const DEACTIVATE = `mutation($id: Int!) { instanceDeactivate(id: $id) { instance { id isActive } errors { code field message } } }`;
const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { id keyId name createdAt lastUsedAt revokedAt } secret errors { code field message } } }`;
const CRED_LIST = `query($instanceId: Int!) { instanceCredentials(instanceId: $instanceId) { id keyId name revokedAt } }`;
const CRED_REVOKE = `mutation($id: Int!) { instanceCredentialRevoke(id: $id) { credential { id revokedAt } errors { code field message } } }`;

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

/**
 * A fresh org (test/factories.ts) with an admin, a developer and a viewer, and one production instance on the seed's
 * Horizon 2.0.0 core; plus the admin of another org and a user of no org.
 */
async function team() {
  const admin = await makeOrgWithMember(t.prisma, 'admin');
  const dev = await makeMember(t.prisma, admin.org.id, 'developer');
  const viewer = await makeMember(t.prisma, admin.org.id, 'viewer');
  const instance = await makeInstance(t.prisma, {
    orgId: admin.org.id,
    coreId: SEED.cores.horizon200,
    name: 'Team Production',
    environment: 'production',
  });
  const otherAdmin = (await makeOrgWithMember(t.prisma, 'admin')).email;
  const outsider = (await makeUser(t.prisma)).email;
  return { org: admin.org, admin: admin.email, dev: dev.email, devId: dev.user.id, viewer: viewer.email, instance, otherAdmin, outsider };
}

describe('instances: reads', () => {
  it("lists the org's instances by name with core, validation status and active modules with versions", async () => {
    const d = await t.gqlOk(ORG_INSTANCES, { orgId: SEED.acme }, { as: 'viewer@acme.test' });
    const c = d.orgInstances;
    expect(c.totalCount).toBe(2);
    expect(c.edges.map((e: any) => e.node.name)).toEqual(['Acme Production', 'Acme Staging']);
    const prod = c.edges[0].node;
    expect(prod).toMatchObject({
      environment: 'production',
      domain: 'app.acme.com',
      isActive: true,
      core: { name: 'Webkernel Horizon', version: '2.0.0', validationStatus: 'pending' },
      software: { name: 'Webkernel' },
    });
    expect(prod.modules).toEqual([
      {
        id: 1,
        isActive: true,
        moduleHash: SEED.importedHashes.crm100,
        module: { slug: 'crm-pro', name: 'CRM Pro', vendorName: 'Webkernel Labs' },
        version: { version: '1.1.0', status: 'stable' },
        license: {
          licenseKey: 'MODLIC-CRM-101-ABC123',
          status: 'active',
          usable: true,
          planName: 'Annual',
          maxInstances: null,
          activeInstances: 2,
        },
        activatedByName: 'Alice Martin',
      },
    ]);
  });

  it('paginates with stable keyset cursors', async () => {
    const { org, admin } = await team();
    await makeInstance(t.prisma, { orgId: org.id, coreId: SEED.cores.horizon200, name: 'Team Staging', environment: 'staging' });
    const p1 = (await t.gqlOk(ORG_INSTANCES, { orgId: org.id, first: 1 }, { as: admin })).orgInstances;
    expect(p1.totalCount).toBe(2);
    expect(p1.edges.map((e: any) => e.node.name)).toEqual(['Team Production']);
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.gqlOk(ORG_INSTANCES, { orgId: org.id, first: 1, after: p1.pageInfo.endCursor }, { as: admin })).orgInstances;
    expect(p2.edges.map((e: any) => e.node.name)).toEqual(['Team Staging']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });

  it('shows one instance to members with view_instances and to platform admins (read only)', async () => {
    expect((await t.gqlOk(INSTANCE, { id: SEED.instances.techstartMain }, { as: 'tom@techstart.test' })).instance).toMatchObject({
      name: 'TechStart Main',
      core: { version: '1.9.5', validationStatus: 'validated' },
    });
    const admin = await t.gqlOk(INSTANCE, { id: SEED.instances.acmeProd }, { as: 'admin@webkernel.com' });
    expect(admin.instance.name).toBe('Acme Production');
  });

  it('refuses other orgs (NOT_FOUND), anonymous callers and members without view_instances', async () => {
    const { org, admin, instance, otherAdmin, outsider } = await team();
    expect(code(await t.gql(INSTANCE, { id: instance.id }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(INSTANCE, { id: 999999 }, { as: admin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: org.id }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: org.id }, { as: outsider }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: org.id }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(INSTANCE, { id: instance.id }))).toBe('UNAUTHENTICATED');
    // A member whose explicit permissions lack view_instances.
    const narrow = await makeMember(t.prisma, org.id, 'viewer', { permissions: ['view_modules'] });
    expect(code(await t.gql(INSTANCE, { id: instance.id }, { as: narrow.email }))).toBe('FORBIDDEN');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: org.id }, { as: narrow.email }))).toBe('FORBIDDEN');
  });
});

describe('instances: create, update, deactivate', () => {
  it('the developer creates an instance on the pending 2.0.0 core, with an audit row', async () => {
    const { org, dev, devId } = await team();
    const r = await t.gqlOk(
      CREATE,
      {
        input: {
          orgId: org.id,
          name: '  Team   QA ',
          environment: 'development',
          domain: 'QA.team.example',
          coreId: SEED.cores.horizon200,
        },
      },
      { as: dev },
    );
    expect(r.instanceCreate.errors).toEqual([]);
    expect(r.instanceCreate.instance).toMatchObject({
      name: 'Team QA',
      environment: 'development',
      domain: 'qa.team.example',
      isActive: true,
      core: { version: '2.0.0', validationStatus: 'pending' },
    });
    const a = await t.prisma.auditLog.findFirst({
      where: { entityType: 'instance', entityId: String(r.instanceCreate.instance.id), actionType: 'create' },
    });
    expect(a).toMatchObject({
      userId: devId,
      orgId: org.id,
      newValue: { name: 'Team QA', environment: 'development', domain: 'qa.team.example', core_id: SEED.cores.horizon200, is_active: true },
    });
  });

  it('refuses a rejected core, an unknown core, a bad domain, a bad name and a taken name, with fields', async () => {
    const rejected = await t.prisma.softwareCore.create({
      data: { softwareId: 1, name: 'Webkernel Broken', version: '2.0.1', validationStatus: 'rejected' },
    });
    const { org, admin } = await team();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ coreId: rejected.id }, 'CORE_REJECTED', 'coreId'],
      [{ coreId: 99999 }, 'CORE_NOT_FOUND', 'coreId'],
      [{ domain: 'https://x.team.example/app' }, 'INVALID_DOMAIN', 'domain'],
      [{ domain: 'not a host' }, 'INVALID_DOMAIN', 'domain'],
      [{ name: 'x' }, 'INVALID_NAME', 'name'],
      [{ name: 'team production' }, 'INSTANCE_NAME_TAKEN', 'name'],
    ];
    for (const [patch, c, field] of cases) {
      const r = await t.gqlOk(
        CREATE,
        { input: { orgId: org.id, name: 'Valid name', environment: 'staging', coreId: SEED.cores.horizon200, ...patch } },
        { as: admin },
      );
      expect(r.instanceCreate.instance).toBeNull();
      expect(r.instanceCreate.errors).toEqual([expect.objectContaining({ code: c, field })]);
    }
    expect(await t.prisma.instance.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('refuses create to the viewer (FORBIDDEN), another org (NOT_FOUND) and anonymous callers', async () => {
    const { org, viewer, otherAdmin, outsider } = await team();
    const input = { orgId: org.id, name: 'Nope', environment: 'staging', coreId: SEED.cores.horizon200 };
    expect(code(await t.gql(CREATE, { input }, { as: viewer }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE, { input }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }, { as: outsider }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }, { as: 'admin@webkernel.com' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.instance.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('updates name, environment and domain; moving core refuses one that breaks active modules', async () => {
    const { org, email: admin, module, version, license } = await makeLicensedOrg(t.prisma);
    const dev = (await makeMember(t.prisma, org.id, 'developer')).email;
    const inst = await makeInstance(t.prisma, { orgId: org.id, coreId: SEED.cores.horizon200, name: 'Upd target' });
    const r = await t.gqlOk(
      UPDATE,
      { input: { id: inst.id, name: 'Renamed', environment: 'staging', domain: 'r.team.example' } },
      { as: dev },
    );
    expect(r.instanceUpdate).toMatchObject({ errors: [], instance: { name: 'Renamed', environment: 'staging', domain: 'r.team.example' } });
    const audit = await t.prisma.auditLog.findFirst({ where: { entityType: 'instance', entityId: String(inst.id), actionType: 'update' } });
    expect(audit?.oldValue).toMatchObject({ name: 'Upd target', environment: 'development' });
    expect(audit?.newValue).toMatchObject({ name: 'Renamed', environment: 'staging', domain: 'r.team.example' });

    // An instance running the module's 1.0.0 (Webkernel ≥ 2.0.0): core 1.0.1 would break it, 2.0.0 keeps it.
    const running = await makeInstance(t.prisma, { orgId: org.id, coreId: SEED.cores.horizon200, name: 'Running' });
    await makeActivation(t.prisma, { instanceId: running.id, licenseId: license.id, moduleId: module.id, moduleVersionId: version.id });
    const broken = await t.gqlOk(UPDATE, { input: { id: running.id, coreId: SEED.cores.origin101 } }, { as: admin });
    expect(broken.instanceUpdate.errors).toEqual([
      expect.objectContaining({
        code: 'CORE_INCOMPATIBLE_MODULES',
        field: 'coreId',
        message: expect.stringContaining(`${module.name} 1.0.0`),
      }),
    ]);
    const other = await t.prisma.software.create({ data: { name: 'Other', slug: 'other-sw' } });
    const otherCore = await t.prisma.softwareCore.create({
      data: { softwareId: other.id, name: 'Other', version: '1.0.0', validationStatus: 'validated' },
    });
    const mismatch = await t.gqlOk(UPDATE, { input: { id: inst.id, coreId: otherCore.id } }, { as: admin });
    expect(mismatch.instanceUpdate.errors[0]).toMatchObject({ code: 'CORE_SOFTWARE_MISMATCH', field: 'coreId' });
    const ok = await t.gqlOk(UPDATE, { input: { id: inst.id, coreId: SEED.cores.origin195 } }, { as: admin });
    expect(ok.instanceUpdate).toMatchObject({ errors: [], instance: { core: { version: '1.9.5' } } });
  });

  it('refuses update and deactivate to the viewer and to other orgs', async () => {
    const { instance, viewer, otherAdmin } = await team();
    expect(code(await t.gql(UPDATE, { input: { id: instance.id, name: 'X' } }, { as: viewer }))).toBe('FORBIDDEN');
    expect(code(await t.gql(UPDATE, { input: { id: instance.id, name: 'X' } }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DEACTIVATE, { id: instance.id }, { as: viewer }))).toBe('FORBIDDEN');
    expect(code(await t.gql(DEACTIVATE, { id: instance.id }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DEACTIVATE, { id: instance.id }, { as: 'admin@webkernel.com' }))).toBe('NOT_FOUND');
    expect(await t.prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).toMatchObject({
      name: 'Team Production',
      isActive: true,
    });
  });

  it('deactivation deactivates the modules (logged, seats freed) and is refused while an update runs', async () => {
    const running = await t.gqlOk(DEACTIVATE, { id: SEED.instances.techstartMain }, { as: 'tom@techstart.test' });
    expect(running.instanceDeactivate.errors).toEqual([expect.objectContaining({ code: 'UPDATE_IN_PROGRESS' })]);

    const { org, email: admin, module, version, license } = await makeLicensedOrg(t.prisma);
    const dev = await makeMember(t.prisma, org.id, 'developer');
    const inst = await makeInstance(t.prisma, { orgId: org.id, coreId: SEED.cores.horizon200 });
    const im = await makeActivation(t.prisma, {
      instanceId: inst.id,
      licenseId: license.id,
      moduleId: module.id,
      moduleVersionId: version.id,
    });
    const r = await t.gqlOk(DEACTIVATE, { id: inst.id }, { as: dev.email });
    expect(r.instanceDeactivate).toEqual({ errors: [], instance: { id: inst.id, isActive: false } });
    expect(await t.prisma.instanceModule.findUniqueOrThrow({ where: { id: im.id } })).toMatchObject({
      isActive: false,
      deactivatedAt: clock.now(),
    });
    const log = await t.prisma.activationLog.findFirst({ where: { instanceModuleId: im.id } });
    expect(log).toMatchObject({
      eventType: 'deactivation',
      status: 'success',
      performedById: dev.user.id,
      metadata: { ip: expect.any(String), reason: 'instance deactivated' },
    });
    expect(await t.prisma.auditLog.count({ where: { entityType: 'instance', entityId: String(inst.id), actionType: 'deactivate' } })).toBe(
      1,
    );
    const again = await t.gqlOk(DEACTIVATE, { id: inst.id }, { as: dev.email });
    expect(again.instanceDeactivate.errors[0].code).toBe('INSTANCE_INACTIVE');
    // Hidden from the default list, shown with includeInactive.
    const list = (await t.gqlOk(ORG_INSTANCES, { orgId: org.id, includeInactive: true }, { as: admin })).orgInstances;
    expect(list.edges.map((e: any) => [e.node.id, e.node.isActive])).toEqual([[inst.id, false]]);
    expect((await t.gqlOk(ORG_INSTANCES, { orgId: org.id }, { as: admin })).orgInstances.totalCount).toBe(0);
  });
});

describe('instance credentials', () => {
  it('creates a key id + secret shown once and stored as a keyed hash; lists and revokes', async () => {
    const { instance, admin, dev } = await team();
    const r = await t.gqlOk(CRED_CREATE, { input: { instanceId: instance.id, name: 'staging web' } }, { as: dev });
    const { credential, secret } = r.instanceCredentialCreate;
    expect(credential.keyId).toMatch(/^wki_[A-Za-z0-9_-]{20}$/);
    expect(secret).toMatch(/^wks_[A-Za-z0-9_-]{43}$/);
    const row = await t.prisma.instanceCredential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(row.secretHash).not.toContain(secret);
    expect(row.secretHash).toBe(hashSecret(t.config.instanceCredentialPepper, credential.keyId, secret));
    expect(verifySecret(t.config.instanceCredentialPepper, row.secretHash, credential.keyId, secret)).toBe(true);
    expect(verifySecret(t.config.instanceCredentialPepper, row.secretHash, credential.keyId, `${secret}x`)).toBe(false);
    expect(verifySecret('another-pepper-of-16+chars', row.secretHash, credential.keyId, secret)).toBe(false);
    const audit = await t.prisma.auditLog.findFirst({ where: { entityType: 'instance_credential', entityId: String(credential.id) } });
    expect(JSON.stringify(audit)).not.toContain(secret);

    const list = await t.gqlOk(CRED_LIST, { instanceId: instance.id }, { as: admin });
    expect(list.instanceCredentials).toEqual([{ id: credential.id, keyId: credential.keyId, name: 'staging web', revokedAt: null }]);
    expect(JSON.stringify(list)).not.toContain('wks_');

    const rev = await t.gqlOk(CRED_REVOKE, { id: credential.id }, { as: dev });
    expect(rev.instanceCredentialRevoke).toEqual({ errors: [], credential: { id: credential.id, revokedAt: clock.now().toISOString() } });
    const again = await t.gqlOk(CRED_REVOKE, { id: credential.id }, { as: dev });
    expect(again.instanceCredentialRevoke.errors[0]).toMatchObject({ code: 'CREDENTIAL_ALREADY_REVOKED', field: 'id' });
    expect(
      await t.prisma.auditLog.count({
        where: { entityType: 'instance_credential', entityId: String(credential.id), actionType: 'revoke' },
      }),
    ).toBe(1);
  });

  it('limits active credentials per instance', async () => {
    const { instance, admin } = await team();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.gqlOk(CRED_CREATE, { input: { instanceId: instance.id } }, { as: admin })),
    );
    expect(results.filter((r) => r.instanceCredentialCreate.credential).length).toBe(10);
    expect(results.filter((r) => r.instanceCredentialCreate.errors[0]?.code === 'CREDENTIAL_LIMIT_REACHED').length).toBe(2);
  });

  it('refuses credential operations to the viewer (FORBIDDEN), other orgs (NOT_FOUND) and anonymous callers', async () => {
    const { instance, admin, viewer, otherAdmin, outsider } = await team();
    const mine = await t.gqlOk(CRED_CREATE, { input: { instanceId: instance.id } }, { as: admin });
    const id = mine.instanceCredentialCreate.credential.id;
    expect(code(await t.gql(CRED_CREATE, { input: { instanceId: instance.id } }, { as: viewer }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CRED_LIST, { instanceId: instance.id }, { as: viewer }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CRED_REVOKE, { id }, { as: viewer }))).toBe('FORBIDDEN');
    for (const who of [otherAdmin, outsider, 'admin@webkernel.com']) {
      expect(code(await t.gql(CRED_CREATE, { input: { instanceId: instance.id } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(CRED_REVOKE, { id }, { as: who }))).toBe('NOT_FOUND');
    }
    expect(code(await t.gql(CRED_LIST, { instanceId: instance.id }, { as: otherAdmin }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CRED_REVOKE, { id }))).toBe('UNAUTHENTICATED');
    expect((await t.prisma.instanceCredential.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    expect(await t.prisma.instanceCredential.count({ where: { instanceId: instance.id } })).toBe(1);
  });
});
