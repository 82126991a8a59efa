/**
 * The permission vocabulary (platform admins) and consent (org admins): activation needs an org
 * admin's consent to what the version asks for; an update asking for more waits for a new consent;
 * deactivation revokes it; the instance API's validate returns what was consented to.
 */
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { makeActivation, makeInstance, makeLicense, makeVersion } from '../../test/factories';
import { SEED } from '../../test/seed-ids';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock, poolSize: 8 });

const ADMIN = 'admin@webkernel.com';
const ALICE = 'alice@acme.test'; // Acme admin
const DEV = 'dev@acme.test'; // Acme developer (manage_instances)
const VIEWER = 'viewer@acme.test';
const TOM = 'tom@techstart.test'; // TechStart admin

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

const VOCAB = `{ adminSoftwares { id permissions { id code description versionCount } } }`;
const CREATE = `mutation($input: SoftwarePermissionCreateInput!) { softwarePermissionCreate(input: $input) { permission { id code description versionCount } errors { code field message } } }`;
const UPDATE = `mutation($input: SoftwarePermissionUpdateInput!) { softwarePermissionUpdate(input: $input) { permission { id code description } errors { code field message } } }`;
const DELETE = `mutation($input: SoftwarePermissionDeleteInput!) { softwarePermissionDelete(input: $input) { id errors { code field message } } }`;
const ACTIVATE = `mutation($input: InstanceActivateModuleInput!) { instanceActivateModule(input: $input) {
  instanceModule { id permissionConsent { id permissions { code description } consentedByName consentedAt licenseKey instanceName moduleName version { version } revokedAt } }
  errors { code field message } } }`;
const DEACTIVATE = `mutation($input: InstanceDeactivateModuleInput!) { instanceDeactivateModule(input: $input) { errors { code } } }`;
const AVAILABLE = `query($instanceId: Int!) { availableUpdates(instanceId: $instanceId) { instanceModule { id } module { slug }
  options { version { id version } path { allowed } permissionChange { consentRequired added { code description } removed { code } kept { code } } } } }`;
const START = `mutation($input: InstanceModuleUpdateStartInput!) { instanceModuleUpdateStart(input: $input) { update { id status } errors { code field message } } }`;
const REPORT = `mutation($input: InstanceModuleUpdateReportInput!) { instanceModuleUpdateReport(input: $input) { update { id status } errors { code } } }`;
const CONSENT = `mutation($input: InstanceModulePermissionsConsentInput!) { instanceModulePermissionsConsent(input: $input) {
  consent { id permissions { code } consentedByName version { version } } errors { code field message } } }`;
const CAN = `query($id: Int!) { instance(id: $id) { viewerCanConsentPermissions } }`;

describe('the permission vocabulary (platform admins)', () => {
  it('lists the seeded vocabulary publicly, and to admins with how many versions declare each entry', async () => {
    const pub = await t.gqlOk(`{ softwares { slug permissions { code description } } }`);
    const wk = pub.softwares.find((s: { slug: string }) => s.slug === 'webkernel');
    expect(wk.permissions.map((p: { code: string }) => p.code)).toEqual([
      'contacts.read',
      'contacts.write',
      'http.outbound',
      'inventory.manage',
      'invoices.manage',
      'mail.send',
      'reports.read',
      'users.read',
    ]);
    const admin = (await t.gqlOk(VOCAB, {}, { as: ADMIN })).adminSoftwares[0].permissions;
    // contacts.read: crm 1.0.0, 1.1.0, erp 1.0.0, analytics 2.0.0, 2.0.1 and the pending 2.1.0.
    expect(admin.find((p: { code: string }) => p.code === 'contacts.read').versionCount).toBe(6);
    expect(admin.find((p: { code: string }) => p.code === 'users.read').versionCount).toBe(0);
  });

  it('adds, rewords and removes an entry, each audited; refuses bad codes, taken codes, empty descriptions and entries in use', async () => {
    const created = (
      await t.gqlOk(
        CREATE,
        { input: { softwareId: 1, code: ' calendar.write ', description: ' Create and move  events. ' } },
        { as: ADMIN },
      )
    ).softwarePermissionCreate;
    expect(created).toMatchObject({
      errors: [],
      permission: { code: 'calendar.write', description: 'Create and move events.', versionCount: 0 },
    });
    const id = created.permission.id;
    const bad = await t.gqlOk(CREATE, { input: { softwareId: 1, code: 'Calendar', description: 'x' } }, { as: ADMIN });
    expect(bad.softwarePermissionCreate.errors).toEqual([expect.objectContaining({ code: 'PERMISSION_CODE_INVALID', field: 'code' })]);
    const taken = await t.gqlOk(CREATE, { input: { softwareId: 1, code: 'calendar.write', description: 'again' } }, { as: ADMIN });
    expect(taken.softwarePermissionCreate.errors).toEqual([
      { code: 'PERMISSION_CODE_TAKEN', field: 'code', message: 'Webkernel already has the permission "calendar.write".' },
    ]);
    const empty = await t.gqlOk(UPDATE, { input: { id, description: '   ' } }, { as: ADMIN });
    expect(empty.softwarePermissionUpdate.errors).toEqual([
      expect.objectContaining({ code: 'PERMISSION_DESCRIPTION_INVALID', field: 'description' }),
    ]);
    const reworded = await t.gqlOk(UPDATE, { input: { id, description: 'Create, move and delete events.' } }, { as: ADMIN });
    expect(reworded.softwarePermissionUpdate).toMatchObject({ errors: [], permission: { description: 'Create, move and delete events.' } });
    const inUse = (
      await t.prisma.softwarePermission.findUniqueOrThrow({ where: { softwareId_code: { softwareId: 1, code: 'contacts.read' } } })
    ).id;
    const refused = await t.gqlOk(DELETE, { input: { id: inUse } }, { as: ADMIN });
    expect(refused.softwarePermissionDelete).toMatchObject({ id: null, errors: [{ code: 'PERMISSION_IN_USE', field: 'id' }] });
    expect(refused.softwarePermissionDelete.errors[0].message).toContain('6 versions declare "contacts.read"');
    const removed = await t.gqlOk(DELETE, { input: { id } }, { as: ADMIN });
    expect(removed.softwarePermissionDelete).toEqual({ id, errors: [] });
    expect(await t.prisma.softwarePermission.count({ where: { id } })).toBe(0);
    const audits = await t.prisma.auditLog.findMany({
      where: { actionType: { startsWith: 'software_permission_' } },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((a) => a.actionType)).toEqual([
      'software_permission_create',
      'software_permission_update',
      'software_permission_delete',
    ]);
    expect(await t.gqlOk(DELETE, { input: { id } }, { as: ADMIN }).catch(() => null)).toBeNull();
  });

  it('two admins adding the same code at once: one entry, the other is told it is taken', async () => {
    const results = await Promise.all(
      [0, 1].map(() => t.gqlOk(CREATE, { input: { softwareId: 1, code: 'files.read', description: 'Read files.' } }, { as: ADMIN })),
    );
    const codes = results.map((r) => r.softwarePermissionCreate.errors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', 'PERMISSION_CODE_TAKEN']);
    expect(await t.prisma.softwarePermission.count({ where: { code: 'files.read' } })).toBe(1);
  });

  it('refuses org admins, vendors and anonymous callers; an unknown software or entry is NOT_FOUND', async () => {
    const input = { softwareId: 1, code: 'x.y', description: 'x' };
    for (const as of [ALICE, 'john@johndoe.test']) expect(code(await t.gql(CREATE, { input }, { as }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE, { input }))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(UPDATE, { input: { id: 1, description: 'x' } }, { as: ALICE }))).toBe('FORBIDDEN');
    expect(code(await t.gql(DELETE, { input: { id: 1 } }, { as: ALICE }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CREATE, { input: { ...input, softwareId: 999 } }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(code(await t.gql(UPDATE, { input: { id: 99999, description: 'x' } }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(await t.prisma.softwarePermission.count({ where: { code: 'x.y' } })).toBe(0);
  });
});

/** A module of Acme's own with three releases asking for different permissions, licensed to Acme. */
async function acmeFixture(slug: string) {
  const mod = await t.prisma.module.create({ data: { vendorId: 1, slug, name: `Mailer ${slug}`, status: 'published' } });
  const v1 = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.0.0', permissions: ['contacts.read', 'contacts.write'] });
  const v2 = await makeVersion(t.prisma, {
    moduleId: mod.id,
    version: '1.1.0',
    permissions: ['contacts.read', 'contacts.write', 'mail.send'],
  });
  const same = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.0.1', permissions: ['contacts.read', 'contacts.write'] });
  const lic = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: mod.id });
  const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
  return { mod, v1, v2, same, lic, inst };
}

const activate = (as: string, input: Record<string, unknown>) => t.gqlOk(ACTIVATE, { input }, { as }).then((d) => d.instanceActivateModule);

describe('consent at activation', () => {
  it('an org admin activates with consent: recorded with who, when, which permissions, license, instance and version (audited)', async () => {
    const f = await acmeFixture('consent-ok');
    const r = await activate(ALICE, {
      instanceId: f.inst.id,
      licenseId: f.lic.id,
      moduleVersionId: f.v1.id,
      reportedHash: f.v1.hash,
      consentedPermissions: ['contacts.read', 'contacts.write'],
    });
    expect(r.errors).toEqual([]);
    expect(r.instanceModule.permissionConsent).toMatchObject({
      permissions: [
        { code: 'contacts.read', description: 'Read contacts, companies and their activity history.' },
        { code: 'contacts.write', description: 'Create, edit and delete contacts and companies.' },
      ],
      consentedByName: 'Alice Martin',
      consentedAt: clock.now().toISOString(),
      licenseKey: f.lic.licenseKey,
      instanceName: f.inst.name,
      moduleName: f.mod.name,
      version: { version: '1.0.0' },
      revokedAt: null,
    });
    const row = await t.prisma.permissionConsent.findFirstOrThrow({ where: { instanceId: f.inst.id } });
    expect(row).toMatchObject({
      orgId: SEED.acme,
      moduleId: f.mod.id,
      moduleVersionId: f.v1.id,
      licenseId: f.lic.id,
      consentedById: await t.userId(ALICE),
      permissions: ['contacts.read', 'contacts.write'],
    });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'permission_consent', entityId: String(f.inst.id) } });
    expect(audit.newValue).toMatchObject({ consent_id: row.id, license_id: f.lic.id, permissions: ['contacts.read', 'contacts.write'] });
    // The license page lists it too.
    const lic = await t.gqlOk(
      `query($id: Int!) { license(id: $id) { permissionConsents { id instanceName } } }`,
      { id: f.lic.id },
      { as: ALICE },
    );
    expect(lic.license.permissionConsents).toEqual([{ id: row.id, instanceName: f.inst.name }]);
  });

  it('refuses an activation without consent, or with an incomplete one, with PERMISSION_CONSENT_REQUIRED (logged, nothing activated)', async () => {
    const f = await acmeFixture('consent-missing');
    const base = { instanceId: f.inst.id, licenseId: f.lic.id, moduleVersionId: f.v2.id, reportedHash: f.v2.hash };
    const none = await activate(ALICE, base);
    expect(none).toMatchObject({ instanceModule: null });
    expect(none.errors).toEqual([
      {
        code: 'PERMISSION_CONSENT_REQUIRED',
        field: 'consentedPermissions',
        message: `${f.mod.name} 1.1.0 asks for permissions (contacts.read, contacts.write, mail.send): an organization admin must consent to them to activate it.`,
      },
    ]);
    const partial = await activate(ALICE, { ...base, consentedPermissions: ['contacts.read', 'contacts.write'] });
    expect(partial.errors).toEqual([
      {
        code: 'PERMISSION_CONSENT_REQUIRED',
        field: 'consentedPermissions',
        message: `Consent to every permission ${f.mod.name} 1.1.0 asks for; missing: mail.send.`,
      },
    ]);
    expect(await t.prisma.instanceModule.count({ where: { instanceId: f.inst.id } })).toBe(0);
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id } })).toBe(0);
    const logs = await t.prisma.activationLog.findMany({ where: { instanceId: f.inst.id }, orderBy: { id: 'asc' } });
    expect(logs.map((l) => [l.status, l.errorCode])).toEqual([
      ['failed', 'PERMISSION_CONSENT_REQUIRED'],
      ['failed', 'PERMISSION_CONSENT_REQUIRED'],
    ]);
    expect(logs[1].metadata).toMatchObject({ missing: ['mail.send'] });
  });

  it('only org admins consent: a developer offering consent is FORBIDDEN, without it PERMISSION_CONSENT_REQUIRED; the viewer FORBIDDEN; another org NOT_FOUND', async () => {
    const f = await acmeFixture('consent-roles');
    const input = {
      instanceId: f.inst.id,
      licenseId: f.lic.id,
      moduleVersionId: f.v1.id,
      reportedHash: f.v1.hash,
      consentedPermissions: ['contacts.read', 'contacts.write'],
    };
    const dev = await t.gql(ACTIVATE, { input }, { as: DEV });
    expect(code(dev)).toBe('FORBIDDEN');
    expect(dev.errors?.[0]?.message).toBe('Only an organization admin can consent to the permissions a module asks for.');
    const { consentedPermissions: _c, ...withoutConsent } = input;
    expect((await activate(DEV, withoutConsent)).errors[0].code).toBe('PERMISSION_CONSENT_REQUIRED');
    expect(code(await t.gql(ACTIVATE, { input }, { as: VIEWER }))).toBe('FORBIDDEN');
    const other = await t.gql(ACTIVATE, { input }, { as: TOM });
    expect(code(other)).toBe('NOT_FOUND');
    expect(JSON.stringify(other)).not.toContain(f.mod.name);
    expect(code(await t.gql(ACTIVATE, { input }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id } })).toBe(0);
    expect((await t.gqlOk(CAN, { id: f.inst.id }, { as: ALICE })).instance.viewerCanConsentPermissions).toBe(true);
    expect((await t.gqlOk(CAN, { id: f.inst.id }, { as: DEV })).instance.viewerCanConsentPermissions).toBe(false);
  });

  it('a version that asks for nothing activates as before, developers included', async () => {
    const mod = await t.prisma.module.create({ data: { vendorId: 1, slug: 'consent-none', name: 'Quiet', status: 'published' } });
    const v = await makeVersion(t.prisma, { moduleId: mod.id, version: '1.0.0' });
    const lic = await makeLicense(t.prisma, { orgId: SEED.acme, moduleId: mod.id });
    const inst = await makeInstance(t.prisma, { orgId: SEED.acme, coreId: SEED.cores.horizon200 });
    const r = await activate(DEV, { instanceId: inst.id, licenseId: lic.id, moduleVersionId: v.id, reportedHash: v.hash });
    expect(r.errors).toEqual([]);
    expect(r.instanceModule.permissionConsent).toBeNull();
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: inst.id } })).toBe(0);
  });

  it('deactivation revokes the consent (audited): reactivating asks again', async () => {
    const f = await acmeFixture('consent-revoke');
    const input = { instanceId: f.inst.id, licenseId: f.lic.id, moduleVersionId: f.v1.id, reportedHash: f.v1.hash };
    expect((await activate(ALICE, { ...input, consentedPermissions: f.v1.permissions })).errors).toEqual([]);
    const off = await t.gqlOk(DEACTIVATE, { input: { instanceId: f.inst.id, moduleId: f.mod.id } }, { as: DEV });
    expect(off.instanceDeactivateModule.errors).toEqual([]);
    const row = await t.prisma.permissionConsent.findFirstOrThrow({ where: { instanceId: f.inst.id } });
    expect(row.revokedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await t.prisma.auditLog.count({ where: { actionType: 'permission_consent_revoke', entityId: String(f.inst.id) } })).toBe(1);
    expect((await activate(DEV, input)).errors[0].code).toBe('PERMISSION_CONSENT_REQUIRED');
    expect((await activate(ALICE, { ...input, consentedPermissions: f.v1.permissions })).errors).toEqual([]);
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id, revokedAt: null } })).toBe(1);
  });
});

describe('an update that asks for more permissions waits for a new consent', () => {
  async function activeFixture(slug: string) {
    const f = await acmeFixture(slug);
    const r = await activate(ALICE, {
      instanceId: f.inst.id,
      licenseId: f.lic.id,
      moduleVersionId: f.v1.id,
      reportedHash: f.v1.hash,
      consentedPermissions: f.v1.permissions,
    });
    expect(r.errors).toEqual([]);
    return { ...f, imId: r.instanceModule.id as number };
  }

  it('permission re-consent blocking an update: the panel shows what is new, start is refused until an org admin consents, then it proceeds', async () => {
    const f = await activeFixture('reconsent');
    const updates = (await t.gqlOk(AVAILABLE, { instanceId: f.inst.id }, { as: DEV })).availableUpdates;
    const options = updates.find((u: any) => u.module.slug === 'reconsent').options;
    expect(options.map((o: any) => [o.version.version, o.path.allowed, o.permissionChange.consentRequired])).toEqual([
      ['1.1.0', true, true],
      ['1.0.1', true, false],
    ]);
    expect(options[0].permissionChange).toEqual({
      consentRequired: true,
      added: [{ code: 'mail.send', description: 'Send e-mail from the instance on behalf of its users.' }],
      removed: [],
      kept: [{ code: 'contacts.read' }, { code: 'contacts.write' }],
    });

    const refused = (await t.gqlOk(START, { input: { instanceModuleId: f.imId, toVersionId: f.v2.id } }, { as: ALICE }))
      .instanceModuleUpdateStart;
    expect(refused).toEqual({
      update: null,
      errors: [
        {
          code: 'PERMISSION_CONSENT_REQUIRED',
          field: 'toVersionId',
          message: `${f.mod.name} 1.1.0 asks for new permissions (mail.send): an organization admin must consent to them before the update can start.`,
        },
      ],
    });
    const log = await t.prisma.activationLog.findFirstOrThrow({ where: { instanceId: f.inst.id }, orderBy: { id: 'desc' } });
    expect(log).toMatchObject({
      eventType: 'update',
      status: 'failed',
      errorCode: 'PERMISSION_CONSENT_REQUIRED',
      metadata: { added: ['mail.send'] },
    });
    expect(await t.prisma.instanceModuleUpdate.count({ where: { instanceModuleId: f.imId } })).toBe(0);

    // The developer cannot consent; an incomplete consent is refused; the admin's consent covers both versions.
    expect(
      code(
        await t.gql(CONSENT, { input: { instanceModuleId: f.imId, moduleVersionId: f.v2.id, permissions: ['mail.send'] } }, { as: DEV }),
      ),
    ).toBe('FORBIDDEN');
    const incomplete = await t.gqlOk(
      CONSENT,
      { input: { instanceModuleId: f.imId, moduleVersionId: f.v2.id, permissions: ['contacts.read'] } },
      { as: ALICE },
    );
    expect(incomplete.instanceModulePermissionsConsent).toMatchObject({
      consent: null,
      errors: [{ code: 'PERMISSION_CONSENT_INCOMPLETE', field: 'permissions' }],
    });
    const given = await t.gqlOk(
      CONSENT,
      { input: { instanceModuleId: f.imId, moduleVersionId: f.v2.id, permissions: ['contacts.read', 'contacts.write', 'mail.send'] } },
      { as: ALICE },
    );
    expect(given.instanceModulePermissionsConsent).toMatchObject({
      errors: [],
      consent: {
        permissions: [{ code: 'contacts.read' }, { code: 'contacts.write' }, { code: 'mail.send' }],
        consentedByName: 'Alice Martin',
        version: { version: '1.1.0' },
      },
    });
    const after = (await t.gqlOk(AVAILABLE, { instanceId: f.inst.id }, { as: DEV })).availableUpdates.find(
      (u: any) => u.module.slug === 'reconsent',
    );
    expect(after.options[0].permissionChange).toMatchObject({ consentRequired: false, added: [] });

    // Now a developer may start it; it completes; the consent in force covers the new version.
    const started = (await t.gqlOk(START, { input: { instanceModuleId: f.imId, toVersionId: f.v2.id } }, { as: DEV }))
      .instanceModuleUpdateStart;
    expect(started).toMatchObject({ errors: [], update: { status: 'in_progress' } });
    const done = await t.gqlOk(REPORT, { input: { updateId: started.update.id, status: 'success' } }, { as: DEV });
    expect(done.instanceModuleUpdateReport.errors).toEqual([]);
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id, revokedAt: null } })).toBe(2);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'permission_consent', entityId: String(f.inst.id) } })).toBe(2);
  });

  it('updates asking nothing new proceed as today; one that drops a permission shows it as removed and needs no consent', async () => {
    const f = await activeFixture('reconsent-none');
    const same = (await t.gqlOk(START, { input: { instanceModuleId: f.imId, toVersionId: f.same.id } }, { as: DEV }))
      .instanceModuleUpdateStart;
    expect(same.errors).toEqual([]);
    await t.gqlOk(REPORT, { input: { updateId: same.update.id, status: 'success' } }, { as: DEV });
    const fewer = await makeVersion(t.prisma, { moduleId: f.mod.id, version: '1.2.0', permissions: ['contacts.read'] });
    const opt = (await t.gqlOk(AVAILABLE, { instanceId: f.inst.id }, { as: DEV })).availableUpdates
      .find((u: any) => u.module.slug === 'reconsent-none')
      .options.find((o: any) => o.version.version === '1.2.0');
    expect(opt.permissionChange).toEqual({
      consentRequired: false,
      added: [],
      removed: [{ code: 'contacts.write' }],
      kept: [{ code: 'contacts.read' }],
    });
    const started = (await t.gqlOk(START, { input: { instanceModuleId: f.imId, toVersionId: fewer.id } }, { as: DEV }))
      .instanceModuleUpdateStart;
    expect(started.errors).toEqual([]);
  });

  it('activations from before consent existed keep what their installed version asks for', async () => {
    const f = await acmeFixture('legacy');
    const im = await makeActivation(t.prisma, { instanceId: f.inst.id, licenseId: f.lic.id, moduleId: f.mod.id, moduleVersionId: f.v1.id });
    const same = (await t.gqlOk(START, { input: { instanceModuleId: im.id, toVersionId: f.same.id } }, { as: DEV }))
      .instanceModuleUpdateStart;
    expect(same.errors).toEqual([]);
    await t.gqlOk(REPORT, { input: { updateId: same.update.id, status: 'success' } }, { as: DEV });
    const more = (await t.gqlOk(START, { input: { instanceModuleId: im.id, toVersionId: f.v2.id } }, { as: DEV }))
      .instanceModuleUpdateStart;
    expect(more.errors[0]).toMatchObject({ code: 'PERMISSION_CONSENT_REQUIRED', message: expect.stringContaining('(mail.send)') });
  });

  it('two admins consenting at once record one consent', async () => {
    const f = await activeFixture('reconsent-race');
    const second = await t.prisma.user.create({ data: { email: 'second-admin@acme.test', name: 'Second Admin', passwordHash: 'x' } });
    await t.prisma.membership.create({ data: { orgId: SEED.acme, userId: second.id, role: 'admin' } });
    const input = { instanceModuleId: f.imId, moduleVersionId: f.v2.id, permissions: ['contacts.read', 'contacts.write', 'mail.send'] };
    const results = await Promise.all(
      [ALICE, 'second-admin@acme.test', ALICE, 'second-admin@acme.test'].map((as) => t.gqlOk(CONSENT, { input }, { as })),
    );
    const ids = results.map((r) => r.instanceModulePermissionsConsent.consent.id);
    expect(new Set(ids).size).toBe(1);
    // One at activation, one for the update.
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id } })).toBe(2);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'permission_consent', entityId: String(f.inst.id) } })).toBe(2);
  });

  it('consent refusals: viewer FORBIDDEN, another org and platform admins NOT_FOUND, anonymous UNAUTHENTICATED, wrong version, inactive module', async () => {
    const f = await activeFixture('reconsent-refusals');
    const input = { instanceModuleId: f.imId, moduleVersionId: f.v2.id, permissions: ['contacts.read', 'contacts.write', 'mail.send'] };
    expect(code(await t.gql(CONSENT, { input }, { as: VIEWER }))).toBe('FORBIDDEN');
    expect(code(await t.gql(CONSENT, { input }, { as: TOM }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CONSENT, { input }, { as: ADMIN }))).toBe('NOT_FOUND');
    expect(code(await t.gql(CONSENT, { input }))).toBe('UNAUTHENTICATED');
    const wrong = await t.gqlOk(CONSENT, { input: { ...input, moduleVersionId: SEED.versions.crm110 } }, { as: ALICE });
    expect(wrong.instanceModulePermissionsConsent.errors).toEqual([
      expect.objectContaining({ code: 'VERSION_NOT_FOUND', field: 'moduleVersionId' }),
    ]);
    await t.gqlOk(DEACTIVATE, { input: { instanceId: f.inst.id, moduleId: f.mod.id } }, { as: ALICE });
    const inactive = await t.gqlOk(CONSENT, { input }, { as: ALICE });
    expect(inactive.instanceModulePermissionsConsent.errors).toEqual([
      expect.objectContaining({ code: 'MODULE_NOT_ACTIVE', field: 'instanceModuleId' }),
    ]);
    expect(await t.prisma.permissionConsent.count({ where: { instanceId: f.inst.id } })).toBe(1);
  });

  it('the demo data: Analytics Pro 2.0.0 → 2.0.1 asks for http.outbound on TechStart', async () => {
    const inst = await makeInstance(t.prisma, { orgId: SEED.techstart, coreId: SEED.cores.origin195 });
    const lic = await makeLicense(t.prisma, { orgId: SEED.techstart, moduleId: SEED.modules.analytics });
    const r = await activate(TOM, {
      instanceId: inst.id,
      licenseId: lic.id,
      moduleVersionId: SEED.versions.analytics200,
      reportedHash: SEED.hashes.analytics200,
      consentedPermissions: [...SEED.permissions.analytics200],
    });
    expect(r.errors).toEqual([]);
    const opt = (await t.gqlOk(AVAILABLE, { instanceId: inst.id }, { as: TOM })).availableUpdates[0].options[0];
    expect(opt).toMatchObject({
      version: { version: '2.0.1' },
      permissionChange: { consentRequired: true, added: [{ code: 'http.outbound' }], removed: [] },
    });
  });
});

describe("the instance API's validate", () => {
  it('returns the consented permissions of the version active on the instance (a new field), empty after deactivation', async () => {
    const cred = (
      await t.gqlOk(
        `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`,
        { input: { instanceId: SEED.instances.acmeProd } },
        { as: ALICE },
      )
    ).instanceCredentialCreate;
    const validate = async () => {
      const res = await fetch(`${t.baseUrl}/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`, {
        headers: { authorization: `Basic ${Buffer.from(`${cred.credential.keyId}:${cred.secret}`).toString('base64')}` },
      });
      return ((await res.json()) as any).license;
    };
    // The demo consent: Acme's admin consented to CRM Pro's permissions when it was activated.
    expect(await validate()).toMatchObject({
      valid: true,
      activeOnThisInstance: true,
      permissions: ['contacts.read', 'contacts.write'],
      permissionsConsentedAt: '2025-01-01T10:00:00.000Z',
    });
    await t.gqlOk(DEACTIVATE, { input: { instanceId: SEED.instances.acmeProd, moduleId: SEED.modules.crm } }, { as: ALICE });
    expect(await validate()).toMatchObject({ activeOnThisInstance: false, permissions: [], permissionsConsentedAt: null });
  });
});
