/**
 * Members: role and permission changes, removal and leaving, the last-admin rule, no
 * escalation, and refusals. Tests that change memberships build their own organization.
 */
import type { OrgRole, Permission } from '@wk/db';
import { useTestApp } from '../../test/harness';
import { makeMember, makeOrg, makeOrgWithMember, makeUser } from '../../test/factories';

const t = useTestApp();

const UPDATE = `mutation($i: MembershipUpdateInput!) { membershipUpdate(input: $i) {
  member { id role permissions effectivePermissions } errors { code field message } } }`;
const REMOVE = `mutation($id: Int!) { membershipRemove(membershipId: $id) { removedMembershipId errors { code field message } } }`;

/** A fresh org (GB) with one member per entry (test/factories.ts); returns their e-mails and membership ids. */
async function makeTeam(members: { role: OrgRole; permissions?: Permission[] }[]) {
  const org = await makeOrg(t.prisma, { billingCountry: 'GB' });
  const out: { email: string; id: number; userId: number }[] = [];
  for (const m of members) {
    const { user, membership } = await makeMember(t.prisma, org.id, m.role, { permissions: m.permissions });
    out.push({ email: user.email, id: membership.id, userId: user.id });
  }
  return { org, members: out };
}

describe('membershipUpdate', () => {
  it('an admin changes a role; explicit permissions reset to the new role defaults; audited with old and new values', async () => {
    const {
      org,
      members: [admin, viewer],
    } = await makeTeam([{ role: 'admin' }, { role: 'viewer', permissions: ['view_modules', 'view_instances'] }]);
    const r = await t.gqlOk(UPDATE, { i: { membershipId: viewer.id, role: 'developer' } }, { as: admin.email });
    expect(r.membershipUpdate).toEqual({
      member: {
        id: viewer.id,
        role: 'developer',
        permissions: [],
        effectivePermissions: ['view_modules', 'view_instances', 'manage_instances'],
      },
      errors: [],
    });
    const a = await t.prisma.auditLog.findFirstOrThrow({
      where: { orgId: org.id, entityType: 'membership', actionType: 'update', entityId: String(viewer.id) },
    });
    expect(a.oldValue).toMatchObject({ role: 'viewer', permissions: ['view_modules', 'view_instances'] });
    expect(a.newValue).toMatchObject({ role: 'developer', permissions: [] });
  });

  it('sets explicit permissions (canonical order), and returns without an audit row when nothing changes', async () => {
    const {
      org,
      members: [admin, dev],
    } = await makeTeam([{ role: 'admin' }, { role: 'developer' }]);
    const r = await t.gqlOk(
      UPDATE,
      { i: { membershipId: dev.id, permissions: ['purchase_modules', 'manage_instances', 'purchase_modules'] } },
      { as: admin.email },
    );
    expect(r.membershipUpdate.member).toMatchObject({ role: 'developer', permissions: ['manage_instances', 'purchase_modules'] });
    expect(r.membershipUpdate.member.effectivePermissions).toEqual([
      'view_modules',
      'view_instances',
      'manage_instances',
      'purchase_modules',
    ]);
    const before = await t.prisma.auditLog.count({ where: { orgId: org.id } });
    const same = await t.gqlOk(UPDATE, { i: { membershipId: dev.id, role: 'developer' } }, { as: admin.email });
    expect(same.membershipUpdate.errors).toEqual([]);
    expect(await t.prisma.auditLog.count({ where: { orgId: org.id } })).toBe(before);
  });

  it('refuses permission lists that contradict the role (INVALID_PERMISSIONS)', async () => {
    const {
      members: [admin, viewer],
    } = await makeTeam([{ role: 'admin' }, { role: 'viewer' }]);
    for (const i of [{ permissions: ['all'] }, { role: 'admin', permissions: ['view_modules'] }]) {
      const r = await t.gqlOk(UPDATE, { i: { membershipId: viewer.id, ...i } }, { as: admin.email });
      expect(r.membershipUpdate.errors.map((e: any) => [e.code, e.field])).toEqual([['INVALID_PERMISSIONS', 'permissions']]);
    }
  });

  it('the last admin cannot be demoted (LAST_ADMIN); with a second admin it can', async () => {
    const {
      org,
      members: [a1, a2],
    } = await makeTeam([{ role: 'admin' }, { role: 'developer' }]);
    const self = await t.gqlOk(UPDATE, { i: { membershipId: a1.id, role: 'viewer' } }, { as: a1.email });
    expect(self.membershipUpdate).toEqual({
      member: null,
      errors: [{ code: 'LAST_ADMIN', field: 'membershipId', message: expect.stringContaining('at least one admin') }],
    });
    expect((await t.prisma.membership.findUniqueOrThrow({ where: { id: a1.id } })).role).toBe('admin');
    expect((await t.gqlOk(UPDATE, { i: { membershipId: a2.id, role: 'admin' } }, { as: a1.email })).membershipUpdate.errors).toEqual([]);
    expect((await t.gqlOk(UPDATE, { i: { membershipId: a1.id, role: 'viewer' } }, { as: a1.email })).membershipUpdate.errors).toEqual([]);
    expect(await t.prisma.membership.count({ where: { orgId: org.id, role: 'admin' } })).toBe(1);
    // An org's only admin cannot demote themselves either.
    const only = await makeOrgWithMember(t.prisma, 'admin');
    const r = await t.gqlOk(UPDATE, { i: { membershipId: only.membership.id, role: 'developer' } }, { as: only.email });
    expect(r.membershipUpdate.errors.map((e: any) => e.code)).toEqual(['LAST_ADMIN']);
  });

  it('two admins demoting each other at the same time: exactly one succeeds, one admin remains', async () => {
    const {
      org,
      members: [a1, a2],
    } = await makeTeam([{ role: 'admin' }, { role: 'admin' }]);
    const [r1, r2] = await Promise.all([
      t.gql(UPDATE, { i: { membershipId: a2.id, role: 'viewer' } }, { as: a1.email }),
      t.gql(UPDATE, { i: { membershipId: a1.id, role: 'viewer' } }, { as: a2.email }),
    ]);
    // The rows are locked and re-checked: the second transaction sees the first one's demotion,
    // so it is refused, either because its actor is no admin any more (FORBIDDEN) or because
    // its target is now the last admin (LAST_ADMIN), depending on which statement won the lock.
    const outcome = (r: typeof r1) =>
      r.errors?.[0].extensions?.code ?? (r.data!.membershipUpdate.errors.map((e: any) => e.code).join() || 'ok');
    const outcomes = [outcome(r1), outcome(r2)].sort();
    expect(outcomes).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(['FORBIDDEN', 'LAST_ADMIN']).toContain(outcomes.find((o) => o !== 'ok'));
    expect(await t.prisma.membership.count({ where: { orgId: org.id, role: 'admin' } })).toBe(1);
  });

  it('no escalation: a manager who is not an admin cannot touch admins, make admins, or grant what they lack', async () => {
    const {
      members: [admin, manager, viewer],
    } = await makeTeam([
      { role: 'admin' },
      { role: 'developer', permissions: ['manage_members', 'view_modules', 'view_instances'] },
      { role: 'viewer' },
    ]);
    const cases = [
      { membershipId: admin.id, role: 'viewer' },
      { membershipId: viewer.id, role: 'admin' },
      { membershipId: viewer.id, permissions: ['view_modules', 'purchase_modules'] },
      { membershipId: manager.id, permissions: ['manage_members', 'manage_billing'] },
    ];
    for (const i of cases)
      expect([i, (await t.gql(UPDATE, { i }, { as: manager.email })).errors?.[0].extensions?.code]).toEqual([i, 'FORBIDDEN']);
    const ok = await t.gqlOk(
      UPDATE,
      { i: { membershipId: viewer.id, role: 'developer', permissions: ['view_modules'] } },
      { as: manager.email },
    );
    expect(ok.membershipUpdate.member).toMatchObject({ role: 'developer', permissions: ['view_modules'] });
    expect((await t.gql(REMOVE, { id: admin.id }, { as: manager.email })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses developers and viewers (FORBIDDEN), other orgs and outsiders (NOT_FOUND), anonymous callers', async () => {
    const {
      org,
      members: [admin, dev, viewer],
    } = await makeTeam([{ role: 'admin' }, { role: 'developer' }, { role: 'viewer' }]);
    const other = await makeOrgWithMember(t.prisma, 'admin');
    const outsider = await makeUser(t.prisma);
    for (const [as, someoneElse] of [
      [dev.email, viewer.id],
      [viewer.email, dev.id],
    ] as const) {
      expect((await t.gql(UPDATE, { i: { membershipId: viewer.id, role: 'developer' } }, { as })).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await t.gql(REMOVE, { id: someoneElse }, { as })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    for (const as of [other.email, outsider.email, 'admin@webkernel.com']) {
      expect((await t.gql(UPDATE, { i: { membershipId: viewer.id, role: 'developer' } }, { as })).errors?.[0].extensions?.code).toBe(
        'NOT_FOUND',
      );
      expect((await t.gql(REMOVE, { id: viewer.id }, { as })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.gql(UPDATE, { i: { membershipId: 999999, role: 'viewer' } }, { as: admin.email })).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await t.gql(UPDATE, { i: { membershipId: viewer.id, role: 'developer' } })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.gql(REMOVE, { id: viewer.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const rows = await t.prisma.membership.findMany({ where: { orgId: org.id }, orderBy: { id: 'asc' } });
    expect(rows.map((m) => [m.id, m.role])).toEqual([
      [admin.id, 'admin'],
      [dev.id, 'developer'],
      [viewer.id, 'viewer'],
    ]);
  });
});

describe('membershipRemove', () => {
  it('an admin removes a member: the org disappears for them; audited as remove', async () => {
    const {
      org,
      members: [admin, viewer],
    } = await makeTeam([{ role: 'admin' }, { role: 'viewer' }]);
    expect((await t.gqlOk(`{ myOrganizations { id } }`, {}, { as: viewer.email })).myOrganizations).toEqual([{ id: org.id }]);
    expect((await t.gqlOk(REMOVE, { id: viewer.id }, { as: admin.email })).membershipRemove).toEqual({
      removedMembershipId: viewer.id,
      errors: [],
    });
    expect((await t.gqlOk(`{ myOrganizations { id } }`, {}, { as: viewer.email })).myOrganizations).toEqual([]);
    expect(
      (await t.gql(`query($id: Int!) { organization(id: $id) { id } }`, { id: org.id }, { as: viewer.email })).errors?.[0].extensions?.code,
    ).toBe('NOT_FOUND');
    const a = await t.prisma.auditLog.findFirstOrThrow({ where: { orgId: org.id, entityType: 'membership', entityId: String(viewer.id) } });
    expect(a).toMatchObject({ actionType: 'remove', oldValue: expect.objectContaining({ role: 'viewer', userId: viewer.userId }) });
  });

  it('any member may leave; the last admin may not leave or be removed (LAST_ADMIN)', async () => {
    const {
      org,
      members: [admin, dev],
    } = await makeTeam([{ role: 'admin' }, { role: 'developer' }]);
    expect((await t.gqlOk(REMOVE, { id: dev.id }, { as: dev.email })).membershipRemove).toEqual({
      removedMembershipId: dev.id,
      errors: [],
    });
    expect((await t.prisma.auditLog.findFirstOrThrow({ where: { orgId: org.id, entityId: String(dev.id) } })).actionType).toBe('leave');
    const leave = await t.gqlOk(REMOVE, { id: admin.id }, { as: admin.email });
    expect(leave.membershipRemove).toEqual({
      removedMembershipId: null,
      errors: [{ code: 'LAST_ADMIN', field: 'membershipId', message: expect.any(String) }],
    });
    expect(await t.prisma.membership.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('an admin may leave when another admin remains', async () => {
    const {
      org,
      members: [a1, a2],
    } = await makeTeam([{ role: 'admin' }, { role: 'admin', permissions: ['all'] }]);
    expect((await t.gqlOk(REMOVE, { id: a1.id }, { as: a1.email })).membershipRemove.errors).toEqual([]);
    expect((await t.gqlOk(REMOVE, { id: a2.id }, { as: a2.email })).membershipRemove.errors.map((e: any) => e.code)).toEqual([
      'LAST_ADMIN',
    ]);
    expect(await t.prisma.membership.count({ where: { orgId: org.id, role: 'admin' } })).toBe(1);
  });
});
