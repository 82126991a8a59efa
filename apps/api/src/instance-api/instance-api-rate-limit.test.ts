import { FixedClock } from '../core/clock';
import { useTestApp } from '../test/harness';
import { SEED } from '../modules/instances/test-support/factories';
import { FixedWindowRateLimiter } from './rate-limiter';

const clock = new FixedClock(new Date('2025-03-01T12:00:00Z'));
const t = useTestApp({ clock, services: { instanceApi: { rateLimit: 3, rateWindowMs: 60_000 } } });

const CRED_CREATE = `mutation($input: InstanceCredentialCreateInput!) { instanceCredentialCreate(input: $input) { credential { keyId } secret } }`;

async function credential(instanceId: number, as: string) {
  const r = (await t.gqlOk(CRED_CREATE, { input: { instanceId } }, { as })).instanceCredentialCreate;
  return `Basic ${Buffer.from(`${r.credential.keyId}:${r.secret}`).toString('base64')}`;
}
const validate = (authorization: string) =>
  fetch(`${t.baseUrl}/api/instance/v1/licenses/MODLIC-CRM-101-ABC123/validate`, { headers: { authorization } });

describe('instance API rate limit (per credential)', () => {
  it('answers 429 with Retry-After past the limit, per credential, until the window ends', async () => {
    const a = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const b = await credential(SEED.instances.acmeProd, 'alice@acme.test');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await validate(a)).status);
    expect(statuses).toEqual([200, 200, 200]);
    clock.advance(20_000);
    const limited = await validate(a);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as any).error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 40 });
    // Another credential has its own budget.
    expect((await validate(b)).status).toBe(200);
    clock.advance(40_000);
    expect((await validate(a)).status).toBe(200);
  });

  it('fixed windows: limit, remaining and reset', () => {
    const l = new FixedWindowRateLimiter(2, 1000);
    expect(l.take('k', 0)).toMatchObject({ allowed: true, remaining: 1, resetAt: 1000 });
    expect(l.take('k', 500)).toMatchObject({ allowed: true, remaining: 0 });
    expect(l.take('k', 999)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(l.take('k', 1000)).toMatchObject({ allowed: true, remaining: 1, resetAt: 2000 });
    expect(l.take('other', 999)).toMatchObject({ allowed: true });
  });
});
