import { FixedClock } from '../../core/clock';
import { useTestApp } from '../../test/harness';
import { hashToken, SESSION_COOKIE } from './session';

const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id email } errors { code field message } } }`;
const ME = `{ me { id email platformRole memberships { role effectivePermissions organization { slug } } vendors { slug } } }`;

const clock = new FixedClock(new Date('2026-06-01T12:00:00Z'));
const t = useTestApp({ clock });

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: SIGN_IN, variables: { email, password } }),
  });
  const body = (await res.json()) as any;
  const setCookie = res.headers.get('set-cookie');
  const cookie = setCookie ? setCookie.split(';')[0] : null;
  return { body, setCookie, cookie };
}

describe('sign-in', () => {
  it('signs in a demo account with an HttpOnly, SameSite=Lax session cookie stored hashed', async () => {
    const { body, setCookie, cookie } = await signIn('alice@acme.test', 'demo-password');
    expect(body.data.signIn.errors).toEqual([]);
    expect(body.data.signIn.user.email).toBe('alice@acme.test');
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // plain http in tests; https sets Secure
    const token = cookie!.split('=')[1];
    const stored = await t.prisma.session.findUnique({ where: { tokenHash: hashToken(token) } });
    expect(stored).not.toBeNull();
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.expiresAt.getTime() - clock.now().getTime()).toBe(t.config.sessionTtlMs);

    const me = await t.gql(ME, {}, { cookie: cookie! });
    expect(me.data!.me).toMatchObject({
      email: 'alice@acme.test',
      platformRole: 'user',
      memberships: [{ role: 'admin', organization: { slug: 'acme-corp' } }],
      vendors: [{ slug: 'devshop-solutions' }],
    });
    expect(me.data!.me.memberships[0].effectivePermissions).toEqual(expect.arrayContaining(['purchase_modules', 'manage_members']));
  });

  it('is case-insensitive on the e-mail', async () => {
    const { body } = await signIn('ALICE@Acme.Test', 'demo-password');
    expect(body.data.signIn.user.email).toBe('alice@acme.test');
  });

  it('refuses a wrong password or an unknown account with the same error and no cookie', async () => {
    for (const [email, pw] of [
      ['tom@techstart.test', 'wrong-password'],
      ['nobody@nowhere.test', 'demo-password'],
    ]) {
      const { body, setCookie } = await signIn(email, pw, { 'x-forwarded-for': 'ignored' });
      expect(body.data.signIn.user).toBeNull();
      expect(body.data.signIn.errors).toEqual([{ code: 'INVALID_CREDENTIALS', field: 'password', message: 'Wrong e-mail or password.' }]);
      expect(setCookie).toBeNull();
    }
  });

  it('rotates the session at sign-in: the previous session id stops working', async () => {
    const first = await signIn('dev@acme.test', 'demo-password');
    const second = await signIn('dev@acme.test', 'demo-password', { cookie: first.cookie! });
    expect(second.cookie).not.toEqual(first.cookie);
    expect((await t.gql(ME, {}, { cookie: first.cookie! })).data!.me).toBeNull();
    expect((await t.gql(ME, {}, { cookie: second.cookie! })).data!.me.email).toBe('dev@acme.test');
  });

  it('throttles an account after 5 failures in the window, even with the right password, then lets it in later', async () => {
    for (let i = 0; i < 5; i++) {
      const { body } = await signIn('viewer@acme.test', `bad-${i}`);
      expect(body.data.signIn.errors[0].code).toBe('INVALID_CREDENTIALS');
    }
    const blocked = await signIn('viewer@acme.test', 'demo-password');
    expect(blocked.body.data.signIn.errors[0].code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.setCookie).toBeNull();
    expect(await t.prisma.authEvent.count({ where: { email: 'viewer@acme.test', kind: 'sign_in_throttled' } })).toBe(1);

    clock.advance(t.config.signInWindowMs + 1000);
    const later = await signIn('viewer@acme.test', 'demo-password');
    expect(later.body.data.signIn.errors).toEqual([]);
  });

  it('throttles per IP address across accounts', async () => {
    const limit = t.config.signInMaxFailuresPerIp;
    const events = Array.from({ length: limit }, (_, i) => ({
      kind: 'sign_in_failure' as const,
      email: `spray${i}@x.test`,
      ipAddress: '127.0.0.1',
      createdAt: clock.now(),
    }));
    await t.prisma.authEvent.createMany({ data: events });
    const { body } = await signIn('john@johndoe.test', 'demo-password');
    expect(body.data.signIn.errors[0].code).toBe('TOO_MANY_ATTEMPTS');
    clock.advance(t.config.signInWindowMs + 1000);
    expect((await signIn('john@johndoe.test', 'demo-password')).body.data.signIn.errors).toEqual([]);
  });
});

describe('sessions', () => {
  it('an expired session is signed out', async () => {
    const { cookie } = await signIn('tom@techstart.test', 'demo-password');
    expect((await t.gql(ME, {}, { cookie: cookie! })).data!.me.email).toBe('tom@techstart.test');
    clock.advance(t.config.sessionTtlMs + 1);
    expect((await t.gql(ME, {}, { cookie: cookie! })).data!.me).toBeNull();
  });

  it('sign-out revokes the session server-side and clears the cookie', async () => {
    const { cookie } = await signIn('admin@webkernel.com', 'demo-password');
    const out = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie! },
      body: JSON.stringify({ query: 'mutation { signOut { ok } }' }),
    });
    expect(((await out.json()) as any).data.signOut.ok).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(/wk_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.gql(ME, {}, { cookie: cookie! })).data!.me).toBeNull();
    const audit = await t.prisma.auditLog.findFirst({ where: { actionType: 'sign_out' }, orderBy: { id: 'desc' } });
    expect(audit?.userId).toBe(5);
  });

  it('sign-out needs a session', async () => {
    const r = await t.gql('mutation { signOut { ok } }');
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a forged cookie is anonymous', async () => {
    expect((await t.gql(ME, {}, { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` })).data!.me).toBeNull();
  });
});
