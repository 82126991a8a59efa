/**
 * Team invitations: create (token shown once, stored as SHA-256, 7-day expiry, e-mailed), the
 * public invitation page, accept / decline / revoke / resend, and every refusal.
 */
import { createHash } from 'node:crypto';
import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { hashToken, newSessionToken, SESSION_COOKIE } from '../auth/session';

const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
const t = useTestApp({ clock, config: { publicUrl: 'https://market.example' } });
const DAY = 86400_000;

const CREATE = `mutation($i: TeamInviteCreateInput!) { teamInviteCreate(input: $i) {
  inviteUrl invite { id email role permissions status expiresAt invitedByName } errors { code field message } } }`;
const ACCEPT = `mutation($token: String!) { teamInviteAccept(token: $token) {
  organization { slug viewerRole } membership { role userId name email isYou } errors { code field message } } }`;
const DECLINE = `mutation($token: String!) { teamInviteDecline(token: $token) { ok errors { code field } } }`;
const REVOKE = `mutation($id: Int!) { teamInviteRevoke(id: $id) { invite { id status } errors { code field } } }`;
const RESEND = `mutation($id: Int!) { teamInviteResend(id: $id) { inviteUrl invite { id status expiresAt } errors { code field } } }`;
const INVITATION = `query($token: String!) { invitation(token: $token) { organizationName role invitedByName status expiresAt isForYou email alreadyMember } }`;
const INVITES = `query($orgId: Int!, $status: [InviteStatus!]) { teamInvites(orgId: $orgId, status: $status) { totalCount edges { node { id email role status invitedByName } } } }`;

/** Sessions that outlive the fixed clock's jumps. */
const cookies = new Map<string, string>();
async function cookie(email: string) {
  if (!cookies.has(email)) {
    const token = newSessionToken();
    const u = await t.prisma.user.findUniqueOrThrow({ where: { email } });
    await t.prisma.session.create({
      data: {
        tokenHash: hashToken(token),
        userId: u.id,
        expiresAt: new Date('2100-01-01T00:00:00Z'),
        lastSeenAt: new Date('2100-01-01T00:00:00Z'),
      },
    });
    cookies.set(email, `${SESSION_COOKIE}=${token}`);
  }
  return cookies.get(email)!;
}
const as = async (email: string) => ({ cookie: await cookie(email) });

let n = 0;
async function newUser(name = 'Invited Person') {
  n += 1;
  const email = `invitee${n}@example.test`;
  await t.prisma.user.create({ data: { name, email, passwordHash: 'x' } });
  return email;
}

async function invite(email: string, role = 'viewer', by = 'alice@acme.test', orgId = 101, permissions?: string[]) {
  const r = await t.gqlOk(CREATE, { i: { orgId, email, role, permissions } }, await as(by));
  expect(r.teamInviteCreate.errors).toEqual([]);
  const url: string = r.teamInviteCreate.inviteUrl;
  return { ...r.teamInviteCreate.invite, url, token: url.split('/invitations/')[1] };
}

describe('teamInviteCreate', () => {
  it('returns the link once, stores only the SHA-256 of its token, expires in 7 days, e-mails it and audits', async () => {
    const email = 'newcomer@example.test';
    const r = await t.gqlOk(CREATE, { i: { orgId: 101, email: '  NewComer@Example.TEST ', role: 'viewer' } }, await as('alice@acme.test'));
    const { invite: inv, inviteUrl } = r.teamInviteCreate;
    expect(inviteUrl).toMatch(/^https:\/\/market\.example\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(inv).toMatchObject({ email, role: 'viewer', permissions: [], status: 'pending', invitedByName: 'Alice Martin' });
    expect(new Date(inv.expiresAt).getTime() - clock.now().getTime()).toBe(7 * DAY);
    const token = inviteUrl.split('/invitations/')[1];
    const row = await t.prisma.teamInvite.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    const mail = await t.prisma.emailDelivery.findFirstOrThrow({ where: { toAddress: email } });
    expect(mail.subject).toBe('Invitation to join Acme Corp');
    expect(mail.body).toContain(inviteUrl);
    const a = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'team_invite', entityId: String(inv.id) } });
    expect(a).toMatchObject({ actionType: 'invite', orgId: 101 });
    expect(JSON.stringify(a.newValue)).not.toContain(token);
    // The list never shows the token again.
    const list = await t.gqlOk(INVITES, { orgId: 101 }, await as('alice@acme.test'));
    expect(list.teamInvites.edges.map((e: any) => e.node)).toContainEqual({
      id: inv.id,
      email,
      role: 'viewer',
      status: 'pending',
      invitedByName: 'Alice Martin',
    });
  });

  it('an existing account also gets an in-app notification', async () => {
    const inv = await invite('john@johndoe.test', 'developer');
    const note = await t.prisma.notification.findFirstOrThrow({ where: { recipientUserId: 87, type: 'team_invite' } });
    expect(note).toMatchObject({ relatedEntityType: 'team_invite', relatedEntityId: inv.id, title: 'Invitation to join Acme Corp' });
    expect(await t.prisma.emailDelivery.count({ where: { toAddress: 'john@johndoe.test', body: { contains: inv.url } } })).toBe(1);
  });

  it('refuses a bad e-mail, a current member, a second pending invitation, and impossible permissions', async () => {
    const admin = await as('alice@acme.test');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ email: 'not-an-email', role: 'viewer' }, 'INVALID_EMAIL', 'email'],
      [{ email: 'DEV@acme.test', role: 'viewer' }, 'ALREADY_MEMBER', 'email'],
      [{ email: 'x1@example.test', role: 'viewer', permissions: ['all'] }, 'INVALID_PERMISSIONS', 'permissions'],
      [{ email: 'x1@example.test', role: 'admin', permissions: ['view_modules'] }, 'INVALID_PERMISSIONS', 'permissions'],
    ];
    for (const [i, code, field] of cases) {
      const r = await t.gqlOk(CREATE, { i: { orgId: 101, ...i } }, admin);
      expect([i, r.teamInviteCreate.errors.map((e: any) => [e.code, e.field]), r.teamInviteCreate.inviteUrl]).toEqual([
        i,
        [[code, field]],
        null,
      ]);
    }
    await invite('twice@example.test');
    const again = await t.gqlOk(CREATE, { i: { orgId: 101, email: 'twice@example.test', role: 'developer' } }, admin);
    expect(again.teamInviteCreate.errors.map((e: any) => e.code)).toEqual(['ALREADY_INVITED']);
  });

  it('refuses developers and viewers (FORBIDDEN), other orgs and outsiders (NOT_FOUND), anonymous callers', async () => {
    const i = { orgId: 101, email: 'intruder@example.test', role: 'viewer' };
    for (const who of ['dev@acme.test', 'viewer@acme.test'])
      expect((await t.gql(CREATE, { i }, await as(who))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const who of ['tom@techstart.test', 'john@johndoe.test', 'admin@webkernel.com'])
      expect((await t.gql(CREATE, { i }, await as(who))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(CREATE, { i })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.prisma.teamInvite.count({ where: { email: 'intruder@example.test' } })).toBe(0);
  });

  it('a manager who is not an admin cannot invite an admin or grant permissions they lack', async () => {
    const manager = await newUser('Manager');
    const u = await t.prisma.user.findUniqueOrThrow({ where: { email: manager } });
    await t.prisma.membership.create({
      data: { orgId: 101, userId: u.id, role: 'developer', permissions: ['manage_members', 'view_modules'] },
    });
    const c = await as(manager);
    expect((await t.gql(CREATE, { i: { orgId: 101, email: 'boss@example.test', role: 'admin' } }, c)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await t.gql(CREATE, { i: { orgId: 101, email: 'buyer@example.test', role: 'developer', permissions: ['purchase_modules'] } }, c))
        .errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    // viewer defaults include view_instances, which this manager lacks
    expect(
      (await t.gql(CREATE, { i: { orgId: 101, email: 'watcher@example.test', role: 'viewer' } }, c)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const ok = await t.gqlOk(CREATE, { i: { orgId: 101, email: 'reader@example.test', role: 'viewer', permissions: ['view_modules'] } }, c);
    expect(ok.teamInviteCreate.errors).toEqual([]);
  });
});

describe('the invitation page (public)', () => {
  it('shows the organization, role and status; the e-mail only to the invited person', async () => {
    const email = await newUser();
    const inv = await invite(email, 'developer');
    const anon = await t.gqlOk(INVITATION, { token: inv.token });
    expect(anon.invitation).toEqual({
      organizationName: 'Acme Corp',
      role: 'developer',
      invitedByName: 'Alice Martin',
      status: 'pending',
      expiresAt: inv.expiresAt,
      isForYou: false,
      email: null,
      alreadyMember: false,
    });
    expect((await t.gqlOk(INVITATION, { token: inv.token }, await as('tom@techstart.test'))).invitation).toMatchObject({
      isForYou: false,
      email: null,
    });
    expect((await t.gqlOk(INVITATION, { token: inv.token }, await as(email))).invitation).toMatchObject({ isForYou: true, email });
    expect((await t.gqlOk(INVITATION, { token: inv.token }, await as('viewer@acme.test'))).invitation).toMatchObject({
      alreadyMember: true,
    });
  });

  it('an unknown or malformed token is NOT_FOUND', async () => {
    for (const token of ['nope', 'x'.repeat(43), 'y'.repeat(200)]) {
      expect((await t.gql(INVITATION, { token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await t.gql(ACCEPT, { token }, await as('alice@acme.test'))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });

  it('an oversized token is refused by the input guard before any lookup, naming the field', async () => {
    const token = 'y'.repeat(500);
    for (const res of [await t.gql(INVITATION, { token }), await t.gql(ACCEPT, { token }, await as('alice@acme.test'))]) {
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    }
  });
});

describe('teamInviteAccept', () => {
  it('the invited account joins with the invited role; the invite is used up; both rows are audited', async () => {
    const email = await newUser('Joining Viewer');
    const inv = await invite(email, 'viewer');
    const r = await t.gqlOk(ACCEPT, { token: inv.token }, await as(email));
    expect(r.teamInviteAccept).toMatchObject({
      organization: { slug: 'acme-corp', viewerRole: 'viewer' },
      membership: { role: 'viewer', name: 'Joining Viewer', email, isYou: true },
      errors: [],
    });
    const row = await t.prisma.teamInvite.findUniqueOrThrow({ where: { id: inv.id } });
    expect(row).toMatchObject({ status: 'accepted', acceptedAt: clock.now(), respondedAt: clock.now() });
    expect(
      await t.prisma.auditLog.count({ where: { orgId: 101, entityType: 'team_invite', entityId: String(inv.id), actionType: 'accept' } }),
    ).toBe(1);
    const m = await t.prisma.membership.findFirstOrThrow({ where: { orgId: 101, user: { email } } });
    const created = await t.prisma.auditLog.findFirstOrThrow({
      where: { orgId: 101, entityType: 'membership', entityId: String(m.id), actionType: 'create' },
    });
    expect(created.newValue).toMatchObject({ role: 'viewer', inviteId: inv.id });
    const mine = await t.gqlOk(`{ myOrganizations { slug viewerRole viewerPermissions } }`, {}, await as(email));
    expect(mine.myOrganizations).toEqual([
      { slug: 'acme-corp', viewerRole: 'viewer', viewerPermissions: ['view_modules', 'view_instances'] },
    ]);
    // A reused token is refused, for the same account and anyone else.
    for (const who of [email, 'alice@acme.test']) {
      const again = await t.gqlOk(ACCEPT, { token: inv.token }, await as(who));
      expect(again.teamInviteAccept.errors.map((e: any) => [e.code, e.field])).toEqual([['INVITE_ALREADY_USED', 'token']]);
    }
    expect((await t.gqlOk(INVITATION, { token: inv.token })).invitation.status).toBe('accepted');
  });

  it('keeps the explicit permissions of the invitation', async () => {
    const email = await newUser();
    const inv = await invite(email, 'developer', 'alice@acme.test', 101, ['manage_instances', 'purchase_modules']);
    const r = await t.gqlOk(ACCEPT, { token: inv.token }, await as(email));
    expect(r.teamInviteAccept.errors).toEqual([]);
    const m = await t.prisma.membership.findFirstOrThrow({ where: { orgId: 101, user: { email } } });
    expect(m.permissions).toEqual(['manage_instances', 'purchase_modules']);
  });

  it('an expired invitation is refused (INVITE_EXPIRED) and reported as expired', async () => {
    const email = await newUser();
    const inv = await invite(email, 'viewer');
    clock.advance(7 * DAY - 1000);
    expect((await t.gqlOk(INVITATION, { token: inv.token })).invitation.status).toBe('pending');
    clock.advance(1000);
    expect((await t.gqlOk(INVITATION, { token: inv.token })).invitation.status).toBe('expired');
    const r = await t.gqlOk(ACCEPT, { token: inv.token }, await as(email));
    expect(r.teamInviteAccept).toMatchObject({ membership: null, errors: [{ code: 'INVITE_EXPIRED', field: 'token' }] });
    expect(await t.prisma.membership.count({ where: { orgId: 101, user: { email } } })).toBe(0);
    const list = await t.gqlOk(INVITES, { orgId: 101, status: ['expired'] }, await as('alice@acme.test'));
    expect(list.teamInvites.edges.map((e: any) => e.node.id)).toContain(inv.id);
    // A new invitation for the same e-mail is allowed once the old one expired.
    const fresh = await invite(email, 'viewer');
    expect(fresh.status).toBe('pending');
    expect((await t.prisma.teamInvite.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe('expired');
  });

  it('the wrong account is refused (INVITE_EMAIL_MISMATCH); anonymous callers are UNAUTHENTICATED', async () => {
    const email = await newUser();
    const inv = await invite(email);
    const r = await t.gqlOk(ACCEPT, { token: inv.token }, await as('tom@techstart.test'));
    expect(r.teamInviteAccept.errors.map((e: any) => [e.code, e.field])).toEqual([['INVITE_EMAIL_MISMATCH', 'token']]);
    expect((await t.gql(ACCEPT, { token: inv.token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.prisma.teamInvite.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe('pending');
  });

  it('of two concurrent accepts, exactly one joins', async () => {
    const email = await newUser();
    const inv = await invite(email);
    const c = await as(email);
    const rs = await Promise.all([1, 2, 3].map(() => t.gqlOk(ACCEPT, { token: inv.token }, c)));
    expect(rs.filter((r) => r.teamInviteAccept.errors.length === 0)).toHaveLength(1);
    expect(
      rs
        .flatMap((r) => r.teamInviteAccept.errors.map((e: any) => e.code))
        .every((c2: string) => ['INVITE_ALREADY_USED', 'ALREADY_MEMBER'].includes(c2)),
    ).toBe(true);
    expect(await t.prisma.membership.count({ where: { orgId: 101, user: { email } } })).toBe(1);
  });
});

describe('decline, revoke, resend', () => {
  it('the invited person declines; the link is then used up', async () => {
    const email = await newUser();
    const inv = await invite(email);
    expect((await t.gqlOk(DECLINE, { token: inv.token }, await as('viewer@acme.test'))).teamInviteDecline).toEqual({
      ok: false,
      errors: [{ code: 'INVITE_EMAIL_MISMATCH', field: 'token' }],
    });
    expect((await t.gqlOk(DECLINE, { token: inv.token }, await as(email))).teamInviteDecline).toEqual({ ok: true, errors: [] });
    expect((await t.gqlOk(ACCEPT, { token: inv.token }, await as(email))).teamInviteAccept.errors.map((e: any) => e.code)).toEqual([
      'INVITE_ALREADY_USED',
    ]);
    expect(await t.prisma.auditLog.count({ where: { entityType: 'team_invite', entityId: String(inv.id), actionType: 'decline' } })).toBe(
      1,
    );
  });

  it('an admin revokes a pending invitation; accepting it is then refused (INVITE_REVOKED)', async () => {
    const email = await newUser();
    const inv = await invite(email);
    const admin = await as('alice@acme.test');
    expect((await t.gqlOk(REVOKE, { id: inv.id }, admin)).teamInviteRevoke).toEqual({
      invite: { id: inv.id, status: 'revoked' },
      errors: [],
    });
    expect((await t.gqlOk(REVOKE, { id: inv.id }, admin)).teamInviteRevoke).toEqual({
      invite: null,
      errors: [{ code: 'INVITE_NOT_PENDING', field: 'id' }],
    });
    expect((await t.gqlOk(ACCEPT, { token: inv.token }, await as(email))).teamInviteAccept.errors.map((e: any) => e.code)).toEqual([
      'INVITE_REVOKED',
    ]);
    expect(await t.prisma.auditLog.count({ where: { entityType: 'team_invite', entityId: String(inv.id), actionType: 'revoke' } })).toBe(1);
    const pending = await t.gqlOk(INVITES, { orgId: 101 }, admin);
    expect(pending.teamInvites.edges.map((e: any) => e.node.id)).not.toContain(inv.id);
    const revoked = await t.gqlOk(INVITES, { orgId: 101, status: ['revoked'] }, admin);
    expect(revoked.teamInvites.edges.map((e: any) => e.node.id)).toContain(inv.id);
  });

  it('resend issues a new link (the old one stops working) with a fresh expiry', async () => {
    const email = await newUser();
    const inv = await invite(email);
    clock.advance(3 * DAY);
    const r = await t.gqlOk(RESEND, { id: inv.id }, await as('alice@acme.test'));
    const url = r.teamInviteResend.inviteUrl;
    expect(url).not.toBe(inv.url);
    expect(new Date(r.teamInviteResend.invite.expiresAt).getTime() - clock.now().getTime()).toBe(7 * DAY);
    expect((await t.gql(INVITATION, { token: inv.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gqlOk(ACCEPT, { token: url.split('/invitations/')[1] }, await as(email))).teamInviteAccept.errors).toEqual([]);
    expect((await t.gqlOk(RESEND, { id: inv.id }, await as('alice@acme.test'))).teamInviteResend.errors.map((e: any) => e.code)).toEqual([
      'INVITE_NOT_PENDING',
    ]);
  });

  it('revoke, resend and the list are refused to developers, viewers (FORBIDDEN) and other orgs (NOT_FOUND)', async () => {
    const inv = await invite(await newUser());
    for (const who of ['dev@acme.test', 'viewer@acme.test']) {
      const c = await as(who);
      expect((await t.gql(REVOKE, { id: inv.id }, c)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(RESEND, { id: inv.id }, c)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await t.gql(INVITES, { orgId: 101 }, c)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    for (const who of ['tom@techstart.test', 'john@johndoe.test', 'admin@webkernel.com']) {
      const c = await as(who);
      expect((await t.gql(REVOKE, { id: inv.id }, c)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await t.gql(RESEND, { id: inv.id }, c)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect((await t.gql(INVITES, { orgId: 101 }, c)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect((await t.gql(REVOKE, { id: 999999 }, await as('alice@acme.test'))).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await t.gql(REVOKE, { id: inv.id })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.prisma.teamInvite.findUniqueOrThrow({ where: { id: inv.id } })).status).toBe('pending');
  });
});
