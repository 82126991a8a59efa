import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { hashSecret, verifySecret } from './credential-secret';
import { makeInstance } from '../../test/factories';
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
    const p1 = (await t.gqlOk(ORG_INSTANCES, { orgId: SEED.acme, first: 1 }, { as: 'alice@acme.test' })).orgInstances;
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await t.gqlOk(ORG_INSTANCES, { orgId: SEED.acme, first: 1, after: p1.pageInfo.endCursor }, { as: 'alice@acme.test' }))
      .orgInstances;
    expect(p2.edges.map((e: any) => e.node.name)).toEqual(['Acme Staging']);
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
    expect(code(await t.gql(INSTANCE, { id: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(INSTANCE, { id: 999999 }, { as: 'alice@acme.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: SEED.acme }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: SEED.acme }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(ORG_INSTANCES, { orgId: SEED.acme }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(INSTANCE, { id: SEED.instances.acmeProd }))).toBe('UNAUTHENTICATED');
    // A member whose explicit permissions lack view_instances.
    await t.prisma.membership.create({ data: { orgId: SEED.acme, userId: 87, role: 'viewer', permissions: ['view_modules'] } });
    expect(code(await t.gql(INSTANCE, { id: SEED.instances.acmeProd }, { as: 'john@johndoe.test' }))).toBe('FORBIDDEN');
    await t.prisma.membership.deleteMany({ where: { orgId: SEED.acme, userId: 87 } });
  });
});

describe('instances: create, update, deactivate', () => {
  it('the developer creates an instance on the pending 2.0.0 core, with an audit row', async () => {
    const r = await t.gqlOk(
      CREATE,
      {
        input: { orgId: SEED.acme, name: '  Acme   QA ', environment: 'development', domain: 'QA.acme.com', coreId: SEED.cores.horizon200 },
      },
      { as: 'dev@acme.test' },
    );
    expect(r.instanceCreate.errors).toEqual([]);
    expect(r.instanceCreate.instance).toMatchObject({
      name: 'Acme QA',
      environment: 'development',
      domain: 'qa.acme.com',
      isActive: true,
      core: { version: '2.0.0', validationStatus: 'pending' },
    });
    const a = await t.prisma.auditLog.findFirst({
      where: { entityType: 'instance', entityId: String(r.instanceCreate.instance.id), actionType: 'create' },
    });
    expect(a).toMatchObject({
      userId: 44,
      orgId: SEED.acme,
      newValue: { name: 'Acme QA', environment: 'development', domain: 'qa.acme.com', core_id: 3, is_active: true },
    });
  });

  it('refuses a rejected core, an unknown core, a bad domain, a bad name and a taken name, with fields', async () => {
    const rejected = await t.prisma.softwareCore.create({
      data: { softwareId: 1, name: 'Webkernel Broken', version: '2.0.1', validationStatus: 'rejected' },
    });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ coreId: rejected.id }, 'CORE_REJECTED', 'coreId'],
      [{ coreId: 99999 }, 'CORE_NOT_FOUND', 'coreId'],
      [{ domain: 'https://x.acme.com/app' }, 'INVALID_DOMAIN', 'domain'],
      [{ domain: 'not a host' }, 'INVALID_DOMAIN', 'domain'],
      [{ name: 'x' }, 'INVALID_NAME', 'name'],
      [{ name: 'acme production' }, 'INSTANCE_NAME_TAKEN', 'name'],
    ];
    for (const [patch, c, field] of cases) {
      const r = await t.gqlOk(
        CREATE,
        { input: { orgId: SEED.acme, name: 'Valid name', environment: 'staging', coreId: SEED.cores.horizon200, ...patch } },
        { as: 'alice@acme.test' },
      );
      expect(r.instanceCreate.instance).toBeNull();
      expect(r.instanceCreate.errors).toEqual([expect.objectContaining({ code: c, field })]);
    }
  });

  it('refuses create to the viewer (FORBIDDEN), another org (NOT_FOUND) and anonymous callers', async () => {
    const input = { orgId: SEED.acme, name: 'Nope', environment: 'staging', coreId: SEED.cores.horizon200 };
    expect(code(await t.gql(CREATE, { input }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE, { input }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }, { as: 'john@johndoe.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }, { as: 'admin@webkernel.com' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CREATE, { input }))).toBe('UNAUTHENTICATED');
    expect(await t.prisma.instance.count({ where: { name: 'Nope' } })).toBe(0);
  });

  it('updates name, environment and domain; moving core refuses one that breaks active modules', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200, name: 'Upd target' });
    const r = await t.gqlOk(
      UPDATE,
      { input: { id: inst.id, name: 'Renamed', environment: 'staging', domain: 'r.acme.com' } },
      { as: 'dev@acme.test' },
    );
    expect(r.instanceUpdate).toMatchObject({ errors: [], instance: { name: 'Renamed', environment: 'staging', domain: 'r.acme.com' } });
    const audit = await t.prisma.auditLog.findFirst({ where: { entityType: 'instance', entityId: String(inst.id), actionType: 'update' } });
    expect(audit?.oldValue).toMatchObject({ name: 'Upd target', environment: 'development' });
    expect(audit?.newValue).toMatchObject({ name: 'Renamed', environment: 'staging', domain: 'r.acme.com' });

    // Acme Production runs CRM Pro 1.1.0 (≥ 2.0.0 or 1.9.0–1.9.5): 1.0.1 would break it, 1.9.5 would not.
    const broken = await t.gqlOk(
      UPDATE,
      { input: { id: SEED.instances.acmeProd, coreId: SEED.cores.origin101 } },
      { as: 'alice@acme.test' },
    );
    expect(broken.instanceUpdate.errors).toEqual([
      expect.objectContaining({ code: 'CORE_INCOMPATIBLE_MODULES', field: 'coreId', message: expect.stringContaining('CRM Pro 1.1.0') }),
    ]);
    const other = await t.prisma.software.create({ data: { name: 'Other', slug: 'other-sw' } });
    const otherCore = await t.prisma.softwareCore.create({
      data: { softwareId: other.id, name: 'Other', version: '1.0.0', validationStatus: 'validated' },
    });
    const mismatch = await t.gqlOk(UPDATE, { input: { id: inst.id, coreId: otherCore.id } }, { as: 'alice@acme.test' });
    expect(mismatch.instanceUpdate.errors[0]).toMatchObject({ code: 'CORE_SOFTWARE_MISMATCH', field: 'coreId' });
    const ok = await t.gqlOk(UPDATE, { input: { id: inst.id, coreId: SEED.cores.origin195 } }, { as: 'alice@acme.test' });
    expect(ok.instanceUpdate).toMatchObject({ errors: [], instance: { core: { version: '1.9.5' } } });
  });

  it('refuses update and deactivate to the viewer and to other orgs', async () => {
    expect(code(await t.gql(UPDATE, { input: { id: SEED.instances.acmeProd, name: 'X' } }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(UPDATE, { input: { id: SEED.instances.acmeProd, name: 'X' } }, { as: 'tom@techstart.test' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await t.gql(DEACTIVATE, { id: SEED.instances.acmeProd }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(DEACTIVATE, { id: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(DEACTIVATE, { id: SEED.instances.acmeProd }, { as: 'admin@webkernel.com' }))).toBe('NOT_FOUND');
    expect((await t.prisma.instance.findUniqueOrThrow({ where: { id: SEED.instances.acmeProd } })).isActive).toBe(true);
  });

  it('deactivation deactivates the modules (logged, seats freed) and is refused while an update runs', async () => {
    const running = await t.gqlOk(DEACTIVATE, { id: SEED.instances.techstartMain }, { as: 'tom@techstart.test' });
    expect(running.instanceDeactivate.errors).toEqual([expect.objectContaining({ code: 'UPDATE_IN_PROGRESS' })]);

    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const im = await t.prisma.instanceModule.create({
      data: { instanceId: inst.id, licenseId: SEED.licenses.acmeCrm, moduleId: 1, moduleVersionId: 2, moduleHash: SEED.hashes.crm110 },
    });
    const r = await t.gqlOk(DEACTIVATE, { id: inst.id }, { as: 'dev@acme.test' });
    expect(r.instanceDeactivate).toEqual({ errors: [], instance: { id: inst.id, isActive: false } });
    expect(await t.prisma.instanceModule.findUniqueOrThrow({ where: { id: im.id } })).toMatchObject({
      isActive: false,
      deactivatedAt: clock.now(),
    });
    const log = await t.prisma.activationLog.findFirst({ where: { instanceModuleId: im.id } });
    expect(log).toMatchObject({
      eventType: 'deactivation',
      status: 'success',
      performedById: 44,
      metadata: { ip: expect.any(String), reason: 'instance deactivated' },
    });
    expect(await t.prisma.auditLog.count({ where: { entityType: 'instance', entityId: String(inst.id), actionType: 'deactivate' } })).toBe(
      1,
    );
    const again = await t.gqlOk(DEACTIVATE, { id: inst.id }, { as: 'dev@acme.test' });
    expect(again.instanceDeactivate.errors[0].code).toBe('INSTANCE_INACTIVE');
    // Hidden from the default list, shown with includeInactive.
    const list = (await t.gqlOk(ORG_INSTANCES, { orgId: SEED.acme, includeInactive: true, first: 100 }, { as: 'alice@acme.test' }))
      .orgInstances;
    expect(list.edges.find((e: any) => e.node.id === inst.id).node.isActive).toBe(false);
  });
});

describe('instance credentials', () => {
  it('creates a key id + secret shown once and stored as a keyed hash; lists and revokes', async () => {
    const r = await t.gqlOk(
      CRED_CREATE,
      { input: { instanceId: SEED.instances.acmeStaging, name: 'staging web' } },
      { as: 'dev@acme.test' },
    );
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

    const list = await t.gqlOk(CRED_LIST, { instanceId: SEED.instances.acmeStaging }, { as: 'alice@acme.test' });
    expect(list.instanceCredentials).toEqual([{ id: credential.id, keyId: credential.keyId, name: 'staging web', revokedAt: null }]);
    expect(JSON.stringify(list)).not.toContain('wks_');

    const rev = await t.gqlOk(CRED_REVOKE, { id: credential.id }, { as: 'dev@acme.test' });
    expect(rev.instanceCredentialRevoke).toEqual({ errors: [], credential: { id: credential.id, revokedAt: clock.now().toISOString() } });
    const again = await t.gqlOk(CRED_REVOKE, { id: credential.id }, { as: 'dev@acme.test' });
    expect(again.instanceCredentialRevoke.errors[0]).toMatchObject({ code: 'CREDENTIAL_ALREADY_REVOKED', field: 'id' });
    expect(
      await t.prisma.auditLog.count({
        where: { entityType: 'instance_credential', entityId: String(credential.id), actionType: 'revoke' },
      }),
    ).toBe(1);
  });

  it('limits active credentials per instance', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.gqlOk(CRED_CREATE, { input: { instanceId: inst.id } }, { as: 'tom@techstart.test' })),
    );
    expect(results.filter((r) => r.instanceCredentialCreate.credential).length).toBe(10);
    expect(results.filter((r) => r.instanceCredentialCreate.errors[0]?.code === 'CREDENTIAL_LIMIT_REACHED').length).toBe(2);
  });

  it('refuses credential operations to the viewer (FORBIDDEN), other orgs (NOT_FOUND) and anonymous callers', async () => {
    const mine = await t.gqlOk(CRED_CREATE, { input: { instanceId: SEED.instances.acmeProd } }, { as: 'alice@acme.test' });
    const id = mine.instanceCredentialCreate.credential.id;
    expect(code(await t.gql(CRED_CREATE, { input: { instanceId: SEED.instances.acmeProd } }, { as: 'viewer@acme.test' }))).toBe(
      'FORBIDDEN',
    );
    expect(code(await t.gql(CRED_LIST, { instanceId: SEED.instances.acmeProd }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CRED_REVOKE, { id }, { as: 'viewer@acme.test' }))).toBe('FORBIDDEN');
    for (const who of ['tom@techstart.test', 'john@johndoe.test', 'admin@webkernel.com']) {
      expect(code(await t.gql(CRED_CREATE, { input: { instanceId: SEED.instances.acmeProd } }, { as: who }))).toBe('NOT_FOUND');
      expect(code(await t.gql(CRED_REVOKE, { id }, { as: who }))).toBe('NOT_FOUND');
    }
    expect(code(await t.gql(CRED_LIST, { instanceId: SEED.instances.acmeProd }, { as: 'tom@techstart.test' }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CRED_REVOKE, { id }))).toBe('UNAUTHENTICATED');
    expect((await t.prisma.instanceCredential.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });
});
