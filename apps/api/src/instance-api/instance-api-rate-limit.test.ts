import { FixedClock } from '../core/clock';
import { createTestApp, useTestApp, type TestApp } from '../test/harness';
import { SEED } from '../test/seed-ids';

/**
 * The instance API's limits are counted in PostgreSQL: two API processes (two apps, each with its
 * own connection pool and HTTP server) on one database share them exactly.
 */
const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const instanceApi = { rateLimit: 10, rateWindowMs: 60_000, authFailureLimit: 20 };
const t = useTestApp({ clock, services: { instanceApi } });
let t2: TestApp;
beforeAll(async () => {
  t2 = await createTestApp({ clock, databaseUrl: t.databaseUrl, services: { instanceApi } });
});
afterAll(async () => {
  await t2?.close();
});
// Every test starts in a fresh window (windows are aligned to the minute).
beforeEach(() => clock.advance(60_000));

const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

async function credential(instanceId: number, as: string) {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return {
    keyId: r.credential.keyId as string,
    authorization: `Basic ${Buffer.from(`${r.credential.keyId}:${r.secret}`).toString('base64')}`,
  };
}
const validate = (app: TestApp, authorization: string) =>
  fetch(`${app.baseUrl}/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`, { headers: { authorization } });

describe('instance API rate limit per credential, shared by two API processes', () => {
  it('allows exactly the limit over 25 parallel requests spread over two processes', async () => {
    const a = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const statuses = await Promise.all(
      Array.from({ length: 25 }, (_, i) => validate(i % 2 ? t2 : t, a.authorization).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('answers 429 with Retry-After past the limit, per credential, until the window ends', async () => {
    const a = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const b = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await validate(i % 2 ? t2 : t, a.authorization)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    clock.advance(20_000);
    const limited = await validate(t2, a.authorization);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as any).error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 40 });
    // Another credential has its own budget.
    expect((await validate(t, b.authorization)).status).toBe(200);
    clock.advance(40_000);
    expect((await validate(t, a.authorization)).status).toBe(200);
  });
});

describe('failed instance credentials are rate limited (issue 12, item 11)', () => {
  it('counts wrong secrets per IP before checking them: of 30 parallel guesses over two processes exactly 20 are checked', async () => {
    const a = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const wrong = `Basic ${Buffer.from(`${a.keyId}:wks_wrong-secret`).toString('base64')}`;
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => validate(i % 2 ? t2 : t, wrong).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    // Past the budget, even right credentials from this address wait for the window to end.
    const blocked = await validate(t, a.authorization);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as any).error.code).toBe('RATE_LIMITED');
    clock.advance(60_000);
    expect((await validate(t2, a.authorization)).status).toBe(200);
  });

  it('missing credentials count as failures; successful requests do not use the failure budget', async () => {
    const a = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    for (let i = 0; i < 9; i++) expect((await validate(t, a.authorization)).status).toBe(200);
    const noCreds = await Promise.all(
      Array.from({ length: 21 }, (_, i) => fetch(`${(i % 2 ? t2 : t).baseUrl}/api/instance/v1/licenses/X/validate`).then((r) => r.status)),
    );
    expect(noCreds.filter((s) => s === 401)).toHaveLength(20);
    expect(noCreds.filter((s) => s === 429)).toHaveLength(1);
    const rows = await t.prisma.$queryRaw<
      { key: string; count: number }[]
    >`SELECT key, count FROM rate_limit_counters WHERE key LIKE 'inst:authfail:%' AND expires_at > ${clock.now()}`;
    expect(rows).toHaveLength(1);
    expect(rows[0].count).toBe(21);
  });
});
