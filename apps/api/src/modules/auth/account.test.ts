import { FixedClock } from '../../core/clock';
import { useTestApp, type TestApp } from '../../test/harness';
import { ACME, buy, codes, PURCHASE_QUOTE, buyInput } from '../checkout/test-support/checkout-fixtures';
import { RESEND_MAX_PER_HOUR, RESET_MAX_PER_HOUR, RESET_TTL_MS, SIGN_UP_MESSAGE, VERIFY_TTL_MS } from './account.service';
import { hashToken } from './session';

const clock = new FixedClock(new Date('2026-06-01T12:00:00Z'));
const t = useTestApp({ clock });

const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { ok message errors { code field message } } }`;
const SIGN_IN = `mutation($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { user { id } errors { code } } }`;
const VERIFY = `mutation($token: String!) { emailVerify(token: $token) { ok email errors { code field } } }`;
const RESEND = `mutation { emailVerificationResend { ok message errors { code message } } }`;
const RESET_REQUEST = `mutation($email: String!) { passwordResetRequest(input: { email: $email }) { ok message errors { code field } } }`;
const RESET = `mutation($token: String!, $password: String!) { passwordReset(input: { token: $token, password: $password }) { ok message errors { code field } } }`;
const CHANGE_PASSWORD = `mutation($i: PasswordChangeInput!) { passwordChange(input: $i) { ok errors { code field } } }`;
const CHANGE_EMAIL = `mutation($i: EmailChangeInput!) { emailChange(input: $i) { ok message errors { code field } } }`;
const ME = `{ me { id email emailVerified pendingEmail } }`;

/** The newest e-mail queued for `to` (the outbox, as the mail job would send it). */
async function lastMail(app: TestApp, to: string) {
  return app.prisma.emailDelivery.findFirst({ where: { toAddress: to }, orderBy: { id: 'desc' } });
}
const tokenIn = (body: string, path: string) => {
  const m = body.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${path} link in: ${body}`);
  return m[1];
};

async function signUp(email: string, password = 'a-long-password', name = 'Nina New') {
  return t.gql(SIGN_UP, { i: { name, email, password } });
}

async function signInCookie(email: string, password: string) {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: SIGN_IN, variables: { email, password } }),
  });
  const body = (await res.json()) as any;
  return { body, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

describe('sign-up reveals nothing', () => {
  it('creates an unverified account, starts no session, and e-mails a verification link', async () => {
    const r = await signUp('New@Example.test');
    expect(r.data!.signUp).toEqual({ ok: true, message: SIGN_UP_MESSAGE, errors: [] });
    expect(r.headers.get('set-cookie')).toBeNull();
    const u = await t.prisma.user.findUniqueOrThrow({ where: { email: 'new@example.test' } });
    expect(u.emailVerifiedAt).toBeNull();
    expect(u.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const mail = await lastMail(t, 'new@example.test');
    expect(mail).toMatchObject({ subject: 'Verify your e-mail address', status: 'pending' });
    const token = tokenIn(mail!.body, '/verify-email');
    const stored = await t.prisma.userToken.findFirstOrThrow({ where: { userId: u.id } });
    expect(stored).toMatchObject({ purpose: 'email_verification', tokenHash: hashToken(token), usedAt: null });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - clock.now().getTime()).toBe(VERIFY_TTL_MS);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'sign_up', entityId: String(u.id) } })).toBe(1);
  });

  it('answers the same for a taken e-mail, changes nothing on that account, and e-mails its owner', async () => {
    const before = await t.prisma.user.findUniqueOrThrow({ where: { email: 'tom@techstart.test' } });
    const r = await signUp('TOM@techstart.test', 'another-long-password', 'Intruder');
    expect(r.data!.signUp).toEqual({ ok: true, message: SIGN_UP_MESSAGE, errors: [] });
    expect(r.headers.get('set-cookie')).toBeNull();
    const after = await t.prisma.user.findUniqueOrThrow({ where: { email: 'tom@techstart.test' } });
    expect(after).toEqual(before);
    expect(await t.prisma.user.count({ where: { email: 'tom@techstart.test' } })).toBe(1);
    const mail = await lastMail(t, 'tom@techstart.test');
    expect(mail!.subject).toBe('Someone tried to create an account with your e-mail');
    expect(mail!.body).toContain('/forgot-password');
    expect(await t.prisma.userToken.count({ where: { userId: before.id } })).toBe(0);
  });

  it('refuses a short password, a malformed e-mail and an empty name with field errors, creating nothing', async () => {
    expect((await signUp('x1@acme.test', 'short')).data!.signUp.errors).toEqual([
      { code: 'WEAK_PASSWORD', field: 'password', message: 'Use at least 10 characters.' },
    ]);
    expect((await signUp('not-an-email')).data!.signUp.errors.map((e: any) => [e.code, e.field])).toEqual([['INVALID_EMAIL', 'email']]);
    expect((await signUp('x2@acme.test', 'a-long-password', '   ')).data!.signUp.errors.map((e: any) => [e.code, e.field])).toEqual([
      ['REQUIRED', 'name'],
    ]);
    expect(await t.prisma.user.count({ where: { email: { in: ['x1@acme.test', 'not-an-email', 'x2@acme.test'] } } })).toBe(0);
    expect(await t.prisma.emailDelivery.count({ where: { toAddress: { in: ['x1@acme.test', 'x2@acme.test'] } } })).toBe(0);
  });
});

describe('e-mail verification', () => {
  it('the link verifies once; a second use, an unknown token and an expired link are refused', async () => {
    await signUp('verify-me@example.test');
    const token = tokenIn((await lastMail(t, 'verify-me@example.test'))!.body, '/verify-email');
    const ok = await t.gql(VERIFY, { token });
    expect(ok.data!.emailVerify).toEqual({ ok: true, email: 'verify-me@example.test', errors: [] });
    const u = await t.prisma.user.findUniqueOrThrow({ where: { email: 'verify-me@example.test' } });
    expect(u.emailVerifiedAt).toEqual(clock.now());
    expect(await t.prisma.auditLog.count({ where: { actionType: 'email_verify', entityId: String(u.id) } })).toBe(1);

    expect((await t.gql(VERIFY, { token })).data!.emailVerify.errors).toEqual([{ code: 'TOKEN_USED', field: 'token' }]);
    expect((await t.gql(VERIFY, { token: 'A'.repeat(43) })).data!.emailVerify.errors).toEqual([{ code: 'INVALID_TOKEN', field: 'token' }]);

    await signUp('too-late@example.test');
    const late = tokenIn((await lastMail(t, 'too-late@example.test'))!.body, '/verify-email');
    clock.advance(VERIFY_TTL_MS + 1);
    expect((await t.gql(VERIFY, { token: late })).data!.emailVerify.errors).toEqual([{ code: 'TOKEN_EXPIRED', field: 'token' }]);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email: 'too-late@example.test' } })).emailVerifiedAt).toBeNull();
  });

  it('a password-reset token is not a verification token', async () => {
    await t.gql(RESET_REQUEST, { email: 'viewer@acme.test' });
    const token = tokenIn((await lastMail(t, 'viewer@acme.test'))!.body, '/reset-password');
    expect((await t.gql(VERIFY, { token })).data!.emailVerify.errors).toEqual([{ code: 'INVALID_TOKEN', field: 'token' }]);
  });

  it('two concurrent clicks on one link verify once', async () => {
    await signUp('race@example.test');
    const token = tokenIn((await lastMail(t, 'race@example.test'))!.body, '/verify-email');
    const results = await Promise.all([t.gql(VERIFY, { token }), t.gql(VERIFY, { token })]);
    expect(results.map((r) => r.data!.emailVerify.ok).sort()).toEqual([false, true]);
    const u = await t.prisma.user.findUniqueOrThrow({ where: { email: 'race@example.test' } });
    expect(await t.prisma.authEvent.count({ where: { userId: u.id, kind: 'email_verified' } })).toBe(1);
  });

  it('an unverified user may sign in, see it in me, and resend — at most once a minute and five times an hour', async () => {
    await signUp('resend@example.test');
    const { cookie } = await signInCookie('resend@example.test', 'a-long-password');
    expect(cookie).not.toBeNull();
    expect((await t.gql(ME, {}, { cookie: cookie! })).data!.me).toMatchObject({ emailVerified: false, pendingEmail: null });
    const first = (await lastMail(t, 'resend@example.test'))!;

    const tooSoon = await t.gql(RESEND, {}, { cookie: cookie! });
    expect(tooSoon.data!.emailVerificationResend.errors[0]).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(tooSoon.data!.emailVerificationResend.errors[0].message).toMatch(/Try again in 60 seconds/);

    for (let i = 1; i < RESEND_MAX_PER_HOUR; i++) {
      clock.advance(61_000);
      expect((await t.gql(RESEND, {}, { cookie: cookie! })).data!.emailVerificationResend).toMatchObject({ ok: true, errors: [] });
    }
    clock.advance(61_000);
    expect(codes(await t.gql(RESEND, {}, { cookie: cookie! }), 'emailVerificationResend')).toEqual(['TOO_MANY_REQUESTS']);
    expect(await t.prisma.emailDelivery.count({ where: { toAddress: 'resend@example.test' } })).toBe(RESEND_MAX_PER_HOUR);

    // The newest link replaced the earlier ones.
    const newest = tokenIn((await lastMail(t, 'resend@example.test'))!.body, '/verify-email');
    expect((await t.gql(VERIFY, { token: tokenIn(first.body, '/verify-email') })).data!.emailVerify.errors[0].code).toBe('TOKEN_USED');
    expect((await t.gql(VERIFY, { token: newest })).data!.emailVerify.ok).toBe(true);
    expect((await t.gql(ME, {}, { cookie: cookie! })).data!.me.emailVerified).toBe(true);
    expect(codes(await t.gql(RESEND, {}, { cookie: cookie! }), 'emailVerificationResend')).toEqual(['ALREADY_VERIFIED']);
  });

  it('resend needs a session', async () => {
    expect((await t.gql(RESEND)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('demo accounts are verified', async () => {
    for (const email of [
      'alice@acme.test',
      'tom@techstart.test',
      'admin@webkernel.com',
      'dev@acme.test',
      'viewer@acme.test',
      'john@johndoe.test',
    ]) {
      expect((await t.gql(ME, {}, { as: email })).data!.me.emailVerified).toBe(true);
    }
  });
});

describe('unverified users can create an org but cannot buy', () => {
  it('purchaseQuote and purchaseCreate refuse with EMAIL_NOT_VERIFIED until the e-mail is verified', async () => {
    await signUp('buyer@example.test');
    const created = await t.gqlOk(
      `mutation { organizationCreate(input: { name: "Buyer Co", slug: "buyer-co", billingCountry: "FR" }) { organization { id } errors { code } } }`,
      {},
      { as: 'buyer@example.test' },
    );
    expect(created.organizationCreate.errors).toEqual([]);
    const orgId = created.organizationCreate.organization.id as number;

    const quote = await t.gql(PURCHASE_QUOTE, { input: { orgId, moduleId: 1, planId: 1 } }, { as: 'buyer@example.test' });
    expect(quote.data!.purchaseQuote.errors.map((e: any) => e.code)).toEqual(['EMAIL_NOT_VERIFIED']);
    expect(quote.data!.purchaseQuote.quote).toBeNull();
    const refused = await buy(t, 'buyer@example.test', { orgId });
    expect(codes(refused, 'purchaseCreate')).toEqual(['EMAIL_NOT_VERIFIED']);
    expect(await t.prisma.purchase.count({ where: { orgId } })).toBe(0);
    expect(await t.prisma.idempotencyKey.count({ where: { orgId } })).toBe(0);

    const token = tokenIn((await lastMail(t, 'buyer@example.test'))!.body, '/verify-email');
    await t.gqlOk(VERIFY, { token });
    const ok = await buy(t, 'buyer@example.test', { orgId });
    expect(ok.data!.purchaseCreate.errors).toEqual([]);
    expect(ok.data!.purchaseCreate.purchase.total.amount).toBe('58.80'); // 49.00 + 20 % FR VAT
  });

  it('a verified member without purchase rights still gets FORBIDDEN first (the gate does not leak)', async () => {
    const r = await buy(t, 'viewer@acme.test', buyInput({ orgId: ACME }));
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('password reset', () => {
  it('answers the same for an unknown e-mail and sends nothing', async () => {
    const known = await t.gql(RESET_REQUEST, { email: 'dev@acme.test' });
    const unknown = await t.gql(RESET_REQUEST, { email: 'nobody@nowhere.test' });
    expect(unknown.data!.passwordResetRequest).toEqual(known.data!.passwordResetRequest);
    expect(known.data!.passwordResetRequest.ok).toBe(true);
    expect(await t.prisma.emailDelivery.count({ where: { toAddress: 'nobody@nowhere.test' } })).toBe(0);
    expect((await lastMail(t, 'dev@acme.test'))!.subject).toBe('Reset your password');
  });

  it('stores the token hashed for 1 h; a reset ends every session and the link works once', async () => {
    const a = await signInCookie('alice@acme.test', 'demo-password');
    const b = await signInCookie('alice@acme.test', 'demo-password');
    expect((await t.gql(ME, {}, { cookie: a.cookie! })).data!.me.email).toBe('alice@acme.test');

    await t.gqlOk(RESET_REQUEST, { email: 'alice@acme.test' });
    const token = tokenIn((await lastMail(t, 'alice@acme.test'))!.body, '/reset-password');
    const row = await t.prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.purpose).toBe('password_reset');
    expect(row.expiresAt.getTime() - clock.now().getTime()).toBe(RESET_TTL_MS);

    expect((await t.gql(RESET, { token, password: 'short' })).data!.passwordReset.errors).toEqual([
      { code: 'WEAK_PASSWORD', field: 'password' },
    ]);
    const ok = await t.gql(RESET, { token, password: 'a-brand-new-password' });
    expect(ok.data!.passwordReset).toMatchObject({ ok: true, errors: [] });

    expect((await t.gql(ME, {}, { cookie: a.cookie! })).data!.me).toBeNull();
    expect((await t.gql(ME, {}, { cookie: b.cookie! })).data!.me).toBeNull();
    const alice = await t.userId('alice@acme.test');
    expect(await t.prisma.session.count({ where: { userId: alice, revokedAt: null } })).toBe(0);
    expect((await signInCookie('alice@acme.test', 'demo-password')).body.data.signIn.errors[0].code).toBe('INVALID_CREDENTIALS');
    expect((await signInCookie('alice@acme.test', 'a-brand-new-password')).body.data.signIn.errors).toEqual([]);
    expect((await t.gql(RESET, { token, password: 'yet-another-password' })).data!.passwordReset.errors).toEqual([
      { code: 'TOKEN_USED', field: 'token' },
    ]);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'password_reset', entityId: String(alice) } })).toBe(1);
    expect((await lastMail(t, 'alice@acme.test'))!.subject).toBe('Your password was changed');
  });

  it('refuses an expired link and an unknown one, changing nothing', async () => {
    await t.gqlOk(RESET_REQUEST, { email: 'john@johndoe.test' });
    const token = tokenIn((await lastMail(t, 'john@johndoe.test'))!.body, '/reset-password');
    clock.advance(RESET_TTL_MS + 1);
    expect((await t.gql(RESET, { token, password: 'a-brand-new-password' })).data!.passwordReset.errors).toEqual([
      { code: 'TOKEN_EXPIRED', field: 'token' },
    ]);
    expect((await t.gql(RESET, { token: 'nope', password: 'a-brand-new-password' })).data!.passwordReset.errors).toEqual([
      { code: 'INVALID_TOKEN', field: 'token' },
    ]);
    expect((await signInCookie('john@johndoe.test', 'demo-password')).body.data.signIn.errors).toEqual([]);
  });

  it('sends at most three reset e-mails an hour per address, still answering the same', async () => {
    await signUp('many-resets@example.test');
    for (let i = 0; i < RESET_MAX_PER_HOUR + 2; i++) {
      expect((await t.gql(RESET_REQUEST, { email: 'many-resets@example.test' })).data!.passwordResetRequest.ok).toBe(true);
    }
    expect(await t.prisma.emailDelivery.count({ where: { toAddress: 'many-resets@example.test', subject: 'Reset your password' } })).toBe(
      RESET_MAX_PER_HOUR,
    );
  });

  it('a reset link also proves the address of an unverified account', async () => {
    await signUp('forgetful@example.test');
    await t.gqlOk(RESET_REQUEST, { email: 'forgetful@example.test' });
    const token = tokenIn((await lastMail(t, 'forgetful@example.test'))!.body, '/reset-password');
    await t.gqlOk(RESET, { token, password: 'a-brand-new-password' });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email: 'forgetful@example.test' } })).emailVerifiedAt).not.toBeNull();
  });
});

describe('profile: password change', () => {
  it('asks the current password; ends the other sessions and keeps this one', async () => {
    const here = await signInCookie('tom@techstart.test', 'demo-password');
    const elsewhere = await signInCookie('tom@techstart.test', 'demo-password');
    const wrong = await t.gql(CHANGE_PASSWORD, { i: { currentPassword: 'nope', newPassword: 'short' } }, { cookie: here.cookie! });
    expect(wrong.data!.passwordChange.errors).toEqual([
      { code: 'WRONG_PASSWORD', field: 'currentPassword' },
      { code: 'WEAK_PASSWORD', field: 'newPassword' },
    ]);
    const ok = await t.gql(
      CHANGE_PASSWORD,
      { i: { currentPassword: 'demo-password', newPassword: 'tom-new-password' } },
      { cookie: here.cookie! },
    );
    expect(ok.data!.passwordChange).toEqual({ ok: true, errors: [] });
    expect((await t.gql(ME, {}, { cookie: here.cookie! })).data!.me.email).toBe('tom@techstart.test');
    expect((await t.gql(ME, {}, { cookie: elsewhere.cookie! })).data!.me).toBeNull();
    expect((await signInCookie('tom@techstart.test', 'tom-new-password')).body.data.signIn.errors).toEqual([]);
    expect(await t.prisma.auditLog.count({ where: { actionType: 'password_change' } })).toBe(1);
  });

  it('needs a session', async () => {
    const r = await t.gql(CHANGE_PASSWORD, { i: { currentPassword: 'demo-password', newPassword: 'tom-new-password' } });
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('profile: e-mail change', () => {
  it('takes effect when the new address is verified; the old address is told', async () => {
    const r = await t.gql(CHANGE_EMAIL, { i: { newEmail: 'Dev.New@Acme.test', password: 'demo-password' } }, { as: 'dev@acme.test' });
    expect(r.data!.emailChange).toMatchObject({ ok: true, errors: [] });
    expect(r.data!.emailChange.message).toContain('dev.new@acme.test');
    const devId = await t.userId('dev@acme.test');
    expect((await t.gql(ME, {}, { as: devId })).data!.me).toMatchObject({
      email: 'dev@acme.test',
      emailVerified: true,
      pendingEmail: 'dev.new@acme.test',
    });
    const mail = (await lastMail(t, 'dev.new@acme.test'))!;
    expect(mail.subject).toBe('Confirm your new e-mail address');
    const v = await t.gql(VERIFY, { token: tokenIn(mail.body, '/verify-email') });
    expect(v.data!.emailVerify).toEqual({ ok: true, email: 'dev.new@acme.test', errors: [] });
    const dev = await t.prisma.user.findUniqueOrThrow({ where: { id: devId } });
    expect(dev.email).toBe('dev.new@acme.test');
    expect(dev.emailVerifiedAt).toEqual(clock.now());
    expect((await lastMail(t, 'dev@acme.test'))!.subject).toBe('Your e-mail address was changed');
    expect(await t.prisma.auditLog.count({ where: { actionType: 'email_change', entityId: String(devId) } })).toBe(1);
  });

  it('answers the same for an address that has an account, which stays untouched; its owner is told', async () => {
    const r = await t.gql(CHANGE_EMAIL, { i: { newEmail: 'tom@techstart.test', password: 'demo-password' } }, { as: 'viewer@acme.test' });
    expect(r.data!.emailChange).toMatchObject({ ok: true, errors: [] });
    expect((await lastMail(t, 'tom@techstart.test'))!.subject).toBe('Someone tried to use your e-mail address');
    expect(await t.prisma.userToken.count({ where: { email: 'tom@techstart.test' } })).toBe(0);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: await t.userId('viewer@acme.test') } })).email).toBe('viewer@acme.test');
  });

  it('refuses a wrong password, a malformed or unchanged address, and more than one request a minute', async () => {
    const bad = await t.gql(CHANGE_EMAIL, { i: { newEmail: 'nope', password: 'wrong' } }, { as: 'john@johndoe.test' });
    expect(bad.data!.emailChange.errors).toEqual([
      { code: 'INVALID_EMAIL', field: 'newEmail' },
      { code: 'WRONG_PASSWORD', field: 'password' },
    ]);
    const same = await t.gql(
      CHANGE_EMAIL,
      { i: { newEmail: 'JOHN@johndoe.test', password: 'demo-password' } },
      { as: 'john@johndoe.test' },
    );
    expect(same.data!.emailChange.errors).toEqual([{ code: 'SAME_EMAIL', field: 'newEmail' }]);
    await t.gqlOk(CHANGE_EMAIL, { i: { newEmail: 'john2@johndoe.test', password: 'demo-password' } }, { as: 'john@johndoe.test' });
    const again = await t.gql(
      CHANGE_EMAIL,
      { i: { newEmail: 'john3@johndoe.test', password: 'demo-password' } },
      { as: 'john@johndoe.test' },
    );
    expect(codes(again, 'emailChange')).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('refuses at verification when the new address was taken meanwhile', async () => {
    await t.gqlOk(CHANGE_EMAIL, { i: { newEmail: 'taken-later@example.test', password: 'demo-password' } }, { as: 'admin@webkernel.com' });
    const token = tokenIn((await lastMail(t, 'taken-later@example.test'))!.body, '/verify-email');
    await signUp('taken-later@example.test');
    expect((await t.gql(VERIFY, { token })).data!.emailVerify.errors).toEqual([{ code: 'EMAIL_TAKEN', field: 'token' }]);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: await t.userId('admin@webkernel.com') } })).email).toBe(
      'admin@webkernel.com',
    );
  });

  it('needs a session', async () => {
    expect((await t.gql(CHANGE_EMAIL, { i: { newEmail: 'x@y.test', password: 'demo-password' } })).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
