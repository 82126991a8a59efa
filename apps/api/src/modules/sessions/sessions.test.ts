import { hashPassword } from '@wk/db';
import { useTestApp } from '../../test/harness';
import { deviceOf } from './sessions.service';

const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id } errors { code } } }`;
const SESSIONS = `{ mySessions { id device ipAddress userAgent current createdAt lastSeenAt } }`;
const SIGN_INS = `query($first: Int, $after: String) { mySignIns(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id outcome device userAgent ipAddress at } } } }`;
const END = `mutation($id: Int!) { sessionEnd(input: { sessionId: $id }) { ended errors { code field message } } }`;
const END_OTHERS = `mutation { sessionsEndOthers { ended errors { code } } }`;
const ME = `{ me { email } }`;

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PASSWORD = 'sessions-password-1';

const t = useTestApp();

let n = 0;
/** A verified account of its own for each test (tests in this file share one database). */
async function newUser() {
  n += 1;
  const email = `sessions-${n}@example.test`;
  const user = await t.prisma.user.create({
    data: { name: `Session User ${n}`, email, passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() },
  });
  return { ...user, email };
}

async function signIn(email: string, userAgent: string, password = PASSWORD) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ query: SIGN_IN, variables: { email, password } }),
  });
  const body = (await res.json()) as { data: { signIn: { user: { id: number } | null; errors: { code: string }[] } } };
  const setCookie = res.headers.get('set-cookie');
  return { ok: !!body.data.signIn.user, errors: body.data.signIn.errors, cookie: setCookie ? setCookie.split(';')[0]! : null };
}

const mails = (to: string) => t.prisma.emailDelivery.findMany({ where: { toAddress: to, subject: 'New sign-in to your account' } });

describe('deviceOf', () => {
  it('reads the browser and the operating system from the user agent', () => {
    expect(deviceOf(CHROME)).toBe('Chrome 131 on Linux');
    expect(deviceOf(FIREFOX)).toBe('Firefox 133 on Windows');
    expect(deviceOf(SAFARI_IPHONE)).toBe('Safari 17 on iOS');
    expect(deviceOf(null)).toBe('Unknown device');
    expect(deviceOf('curl/8.5.0')).toMatch(/curl/i);
  });
});

describe('mySessions', () => {
  it('lists only the user’s active sessions, most recent first, marking the current one', async () => {
    const u = await newUser();
    const other = await newUser();
    const a = await signIn(u.email, CHROME);
    const b = await signIn(u.email, FIREFOX);
    await signIn(other.email, CHROME);
    const ended = await signIn(u.email, SAFARI_IPHONE);
    await t.gql(`mutation { signOut { ok } }`, {}, { cookie: ended.cookie! });

    const res = await t.gql(SESSIONS, {}, { cookie: b.cookie!, headers: { 'user-agent': FIREFOX } });
    expect(res.errors).toBeUndefined();
    const list = res.data!.mySessions as { id: number; device: string; current: boolean; userAgent: string }[];
    expect(list.map((s) => [s.device, s.current])).toEqual(
      expect.arrayContaining([
        ['Firefox 133 on Windows', true],
        ['Chrome 131 on Linux', false],
      ]),
    );
    expect(list).toHaveLength(2); // not the other user's, not the signed-out one
    const ids = (await t.prisma.session.findMany({ where: { userId: u.id, revokedAt: null } })).map((s) => s.id).sort();
    expect(list.map((s) => s.id).sort()).toEqual(ids);
    expect(a.cookie).not.toBe(b.cookie);
  });

  it('refuses anonymous callers', async () => {
    for (const q of [SESSIONS, SIGN_INS]) {
      const res = await t.gql(q, {});
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('sessionEnd', () => {
  it('ends another session of the user: that browser is signed out, with an audit row', async () => {
    const u = await newUser();
    const laptop = await signIn(u.email, CHROME);
    const phone = await signIn(u.email, SAFARI_IPHONE);
    const phoneSession = (await t.gql(SESSIONS, {}, { cookie: phone.cookie! })).data!.mySessions.find((s: any) => s.current);

    const res = await t.gql(END, { id: phoneSession.id }, { cookie: laptop.cookie! });
    expect(res.data!.sessionEnd).toEqual({ ended: 1, errors: [] });
    expect((await t.gql(ME, {}, { cookie: phone.cookie! })).data!.me).toBeNull();
    expect((await t.gql(ME, {}, { cookie: laptop.cookie! })).data!.me.email).toBe(u.email);
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'session_end', entityId: String(phoneSession.id) } });
    expect(row.userId).toBe(u.id);
    expect(row.oldValue).toMatchObject({ device: 'Safari 17 on iOS' });
  });

  it('refuses to end the current session (that is signing out) and changes nothing', async () => {
    const u = await newUser();
    const s = await signIn(u.email, CHROME);
    const current = (await t.gql(SESSIONS, {}, { cookie: s.cookie! })).data!.mySessions[0];
    const res = await t.gql(END, { id: current.id }, { cookie: s.cookie! });
    expect(res.data!.sessionEnd).toEqual({
      ended: 0,
      errors: [{ code: 'SESSION_CURRENT', field: 'sessionId', message: 'This is the session you are using: sign out instead.' }],
    });
    expect((await t.gql(ME, {}, { cookie: s.cookie! })).data!.me.email).toBe(u.email);
  });

  it('answers NOT_FOUND for another user’s session, an ended one and an unknown id, and ends nothing', async () => {
    const u = await newUser();
    const victim = await newUser();
    const mine = await signIn(u.email, CHROME);
    const theirs = await signIn(victim.email, CHROME);
    const theirId = (await t.gql(SESSIONS, {}, { cookie: theirs.cookie! })).data!.mySessions[0].id;
    const old = await signIn(u.email, FIREFOX);
    const oldId = (await t.gql(SESSIONS, {}, { cookie: old.cookie! })).data!.mySessions.find((s: any) => s.current).id;
    await t.gql(`mutation { signOut { ok } }`, {}, { cookie: old.cookie! });

    for (const id of [theirId, oldId, 999_999]) {
      const res = await t.gql(END, { id }, { cookie: mine.cookie! });
      expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(res.errors?.[0]?.message).toBe('Session not found.');
    }
    expect((await t.gql(ME, {}, { cookie: theirs.cookie! })).data!.me.email).toBe(victim.email);
    // A platform admin may not end someone else's session through this either.
    const asAdmin = await t.gql(END, { id: theirId }, { as: 'admin@webkernel.com' });
    expect(asAdmin.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await t.prisma.session.findUniqueOrThrow({ where: { id: theirId } })).toMatchObject({ revokedAt: null });
  });

  it('refuses anonymous callers', async () => {
    const res = await t.gql(END, { id: 1 });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const others = await t.gql(END_OTHERS, {});
    expect(others.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sessionsEndOthers', () => {
  it('ends every other session of the user, keeps the current one and other users’ sessions', async () => {
    const u = await newUser();
    const other = await newUser();
    const keep = await signIn(u.email, CHROME);
    const b = await signIn(u.email, FIREFOX);
    const c = await signIn(u.email, SAFARI_IPHONE);
    const stranger = await signIn(other.email, FIREFOX);

    const res = await t.gql(END_OTHERS, {}, { cookie: keep.cookie! });
    expect(res.data!.sessionsEndOthers).toEqual({ ended: 2, errors: [] });
    for (const gone of [b, c]) expect((await t.gql(ME, {}, { cookie: gone.cookie! })).data!.me).toBeNull();
    expect((await t.gql(ME, {}, { cookie: keep.cookie! })).data!.me.email).toBe(u.email);
    expect((await t.gql(ME, {}, { cookie: stranger.cookie! })).data!.me.email).toBe(other.email);
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { actionType: 'session_end_others', entityId: String(u.id) } });
    expect((row.newValue as { ended: number[] }).ended).toHaveLength(2);

    // Nothing left to end: 0, and no second audit row.
    expect((await t.gql(END_OTHERS, {}, { cookie: keep.cookie! })).data!.sessionsEndOthers).toEqual({ ended: 0, errors: [] });
    expect(await t.prisma.auditLog.count({ where: { actionType: 'session_end_others', entityId: String(u.id) } })).toBe(1);
  });
});

describe('mySignIns', () => {
  it('lists the account’s sign-in attempts (success, failure) newest first, paged, and not other accounts’', async () => {
    const u = await newUser();
    const other = await newUser();
    const s = await signIn(u.email, CHROME);
    expect((await signIn(u.email, FIREFOX, 'wrong-password-xx')).errors).toEqual([{ code: 'INVALID_CREDENTIALS' }]);
    await signIn(u.email, SAFARI_IPHONE);
    await signIn(other.email, CHROME, 'wrong-password-xx');

    const page1 = (await t.gql(SIGN_INS, { first: 2 }, { cookie: s.cookie! })).data!.mySignIns;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: any) => [e.node.outcome, e.node.device])).toEqual([
      ['SUCCESS', 'Safari 17 on iOS'],
      ['FAILURE', 'Firefox 133 on Windows'],
    ]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await t.gql(SIGN_INS, { first: 2, after: page1.pageInfo.endCursor }, { cookie: s.cookie! })).data!.mySignIns;
    expect(page2.edges.map((e: any) => [e.node.outcome, e.node.device])).toEqual([['SUCCESS', 'Chrome 131 on Linux']]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page2.edges[0].node.ipAddress).toBeTruthy();
  });

  it('refuses a malformed cursor with BAD_USER_INPUT on `after`', async () => {
    const u = await newUser();
    const s = await signIn(u.email, CHROME);
    const res = await t.gql(SIGN_INS, { first: 2, after: 'not-a-cursor' }, { cookie: s.cookie! });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('new-device e-mail', () => {
  it('is sent for a sign-in from a device not seen before, not for the first one, a known one or a failure', async () => {
    const u = await newUser();
    expect((await signIn(u.email, CHROME)).ok).toBe(true); // the account's first sign-in: nothing to compare with
    expect((await signIn(u.email, CHROME)).ok).toBe(true); // a known device
    expect((await signIn(u.email, FIREFOX, 'wrong-password-xx')).ok).toBe(false); // a failure never mails
    expect(await mails(u.email)).toHaveLength(0);

    expect((await signIn(u.email, FIREFOX)).ok).toBe(true);
    const sent = await mails(u.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toContain('Device:  Firefox 133 on Windows');
    expect(sent[0]!.body).toContain('/forgot-password');
    expect(sent[0]!.body).toContain('/account');

    expect((await signIn(u.email, FIREFOX)).ok).toBe(true); // now known
    expect(await mails(u.email)).toHaveLength(1);
  });
});
