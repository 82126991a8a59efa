/**
 * The rate limiter's group commit (issue 16): calls that arrive while the limiter's statement is under
 * way are counted together by the next one, with exactly the counts and decisions of the same calls
 * sent one by one in arrival order.
 */
import { useTestApp } from '../test/harness';
import { PgRateLimiter } from './rate-limit';

const t = useTestApp();
let statements: string[] = [];

beforeAll(() => {
  t.onStatement((sql) => {
    if (/rate_limit_counters/.test(sql) && !/^\s*DELETE/.test(sql)) statements.push(sql);
  });
});

async function countOf(key: string): Promise<number> {
  const rows = await t.prisma.rateLimitCounter.findMany({ where: { key } });
  return rows.reduce((sum, r) => sum + r.count, 0);
}

describe('PgRateLimiter group commit', () => {
  it('counts concurrent calls exactly, in arrival order, with fewer statements than calls', async () => {
    const limiter = new PgRateLimiter(t.prisma);
    const now = new Date();
    const rule = { key: `group-commit:${now.getTime()}`, limit: 20, windowMs: 60_000 };
    statements = [];
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.take([rule], now)));
    // The first call goes alone; the 29 that arrived while it ran share the next statement.
    expect(statements).toHaveLength(2);
    expect(decisions.map(([d]) => d!.remaining)).toEqual([...Array.from({ length: 20 }, (_, i) => 19 - i), ...Array(10).fill(0)]);
    expect(decisions.map(([d]) => d!.allowed)).toEqual([...Array(20).fill(true), ...Array(10).fill(false)]);
    expect(decisions.slice(20).every(([d]) => d!.retryAfterSeconds >= 1)).toBe(true);
    expect(await countOf(rule.key)).toBe(30);
  });

  it('keeps each call’s rules apart and counts a key once per rule in the batch', async () => {
    const limiter = new PgRateLimiter(t.prisma);
    const now = new Date();
    const a = { key: `group-a:${now.getTime()}`, limit: 100, windowMs: 60_000 };
    const b = { key: `group-b:${now.getTime()}`, limit: 100, windowMs: 60_000 };
    const results = await Promise.all([
      limiter.take([a], now),
      limiter.take([a, b], now),
      limiter.take([b], now),
      limiter.take([a, b], now),
    ]);
    expect(results.map((ds) => ds.map((d) => `${d.key === a.key ? 'a' : 'b'}${d.remaining}`))).toEqual([
      ['a99'],
      ['a98', 'b99'],
      ['b98'],
      ['a97', 'b97'],
    ]);
    expect([await countOf(a.key), await countOf(b.key)]).toEqual([3, 3]);
  });

  it('gives refunds back in the statement of a batch, never on a key the same statement takes', async () => {
    const limiter = new PgRateLimiter(t.prisma);
    const now = new Date();
    const fail = { key: `group-fail:${now.getTime()}`, limit: 100, windowMs: 60_000 };
    const cred = { key: `group-cred:${now.getTime()}`, limit: 5, windowMs: 60_000 };
    statements = [];
    const takes = Array.from({ length: 10 }, () => limiter.take([fail], now));
    const refunded = Array.from({ length: 10 }, () => limiter.take([cred], now, [fail]));
    const failDecisions = await Promise.all(takes);
    const credDecisions = await Promise.all(refunded);
    expect(failDecisions.map(([d]) => d!.remaining)).toEqual(Array.from({ length: 10 }, (_, i) => 99 - i));
    expect(credDecisions.map(([d]) => d!.allowed)).toEqual([...Array(5).fill(true), ...Array(5).fill(false)]);
    // One alone, the other 9 takes of `fail`, then the 10 refunding calls together.
    expect(statements).toHaveLength(3);
    expect([await countOf(fail.key), await countOf(cred.key)]).toEqual([0, 10]);
  });

  it('answers a failed statement with its error to every call of the batch, and goes on', async () => {
    const limiter = new PgRateLimiter(t.prisma);
    const now = new Date();
    const ok = { key: `group-ok:${now.getTime()}`, limit: 10, windowMs: 60_000 };
    // A window start outside PostgreSQL's timestamp range makes the statement fail.
    const broken = { key: `group-broken:${now.getTime()}`, limit: 10, windowMs: 8.64e15 * 4 };
    const results = await Promise.allSettled([limiter.take([ok], now), limiter.take([broken], now), limiter.take([broken], now)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const [again] = await limiter.take([ok], now);
    expect(again!.remaining).toBe(8);
  });
});
