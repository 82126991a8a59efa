import { useTestApp } from '../test/harness';
import { SandboxPaymentProvider } from '../modules/payments/sandbox-provider';
import { loadConfig } from './config';
import { captureLogs, type LogLine } from '../test/log-capture';
import { waitFor } from '../test/wait';

const capturedLogger = captureLogs;

/** A sandbox whose test-card listing fails like a bug would (an unexpected error in a resolver). */
class BrokenSandbox extends SandboxPaymentProvider {
  override testMethods(): never {
    throw new Error('relation "payment_cards" does not exist');
  }
}

const PAYMENT_METHODS = `query($orgId: Int!) { orgPaymentMethods(orgId: $orgId) { id } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Log lines are written when the response finishes: wait until the access line of `reqId` is there. */
async function accessLine(lines: LogLine[], reqId: string): Promise<LogLine> {
  return waitFor(`the access line of ${reqId}`, () => lines.find((l) => l.reqId === reqId && l.res), { timeoutMs: 10_000, intervalMs: 10 });
}

describe('request ids and access lines', () => {
  const log = capturedLogger();
  const t = useTestApp({ logger: log.logger });

  it('keeps a sane incoming X-Request-Id: response header and one access line', async () => {
    const r = await t.gql('{ me { id } }', {}, { headers: { 'x-request-id': 'support-4711.a' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('support-4711.a');
    const line = await accessLine(log.lines, 'support-4711.a');
    expect(line).toMatchObject({ level: 30, req: { method: 'POST', url: '/graphql' }, res: { statusCode: 200 } });
    expect(line.msg).toMatch(/^POST \/graphql 200 \d+ ms$/);
    expect(log.lines.filter((l) => l.reqId === 'support-4711.a' && l.res)).toHaveLength(1);
  });

  it.each([
    ['none', undefined],
    ['one with spaces and markup', 'x <script>'],
    ['one that is too long', 'a'.repeat(129)],
  ])('generates an id when the incoming one is %s', async (_what, incoming) => {
    const res = await fetch(`${t.baseUrl}/healthz`, { headers: incoming ? { 'x-request-id': incoming } : {} });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    expect(await accessLine(log.lines, id)).toMatchObject({ res: { statusCode: 200 }, req: { url: '/healthz' } });
  });

  it('never logs cookies or credentials', async () => {
    const cookie = await t.sessionCookie('alice@acme.test');
    await t.gql('{ me { id } }', {}, { cookie, headers: { 'x-request-id': 'signed-in', authorization: 'Basic c2VjcmV0OnNlY3JldA==' } });
    await accessLine(log.lines, 'signed-in');
    const all = JSON.stringify(log.lines);
    expect(all).not.toContain(cookie.split('=')[1]);
    expect(all).not.toContain('wk_session');
    expect(all).not.toContain('c2VjcmV0OnNlY3JldA');
  });
});

describe.each(['development', 'production'] as const)('an unexpected error with NODE_ENV=%s', (nodeEnv) => {
  const log = capturedLogger();
  const t = useTestApp({
    logger: log.logger,
    config: { nodeEnv },
    services: { payments: new BrokenSandbox() },
  });

  it('is masked for the client with the request id, and logged with its stack under that id', async () => {
    const r = await t.gql(PAYMENT_METHODS, { orgId: 102 }, { as: 'tom@techstart.test', headers: { 'x-request-id': `boom-${nodeEnv}` } });
    const id = r.headers.get('x-request-id');
    expect(id).toBe(`boom-${nodeEnv}`);
    expect(r.errors?.[0]).toMatchObject({
      message: `Internal server error (request id boom-${nodeEnv}).`,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: `boom-${nodeEnv}` },
    });
    expect(JSON.stringify(r.errors)).not.toContain('payment_cards');

    await accessLine(log.lines, id!);
    const error = log.lines.find((l) => l.reqId === id && l.msg === 'unexpected GraphQL error');
    expect(error?.level).toBe(50);
    expect(error?.err?.message).toBe('relation "payment_cards" does not exist');
    expect(error?.err?.stack).toContain('BrokenSandbox.testMethods');
  });
});

describe('log level and format', () => {
  const log = capturedLogger('warn');
  const t = useTestApp({ logger: log.logger, services: { payments: new BrokenSandbox() } });

  it('LOG_LEVEL=warn drops the access lines of successful requests but keeps errors', async () => {
    await fetch(`${t.baseUrl}/healthz`, { headers: { 'x-request-id': 'quiet-ok' } });
    await t.gql(PAYMENT_METHODS, { orgId: 102 }, { as: 'tom@techstart.test', headers: { 'x-request-id': 'loud-error' } });
    // The error line is written before the response; the access line of the same request after it.
    await waitFor('the error line of loud-error', () => log.lines.some((l) => l.reqId === 'loud-error'), {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    expect(log.lines.some((l) => l.reqId === 'loud-error' && l.level === 50)).toBe(true);
    expect(log.lines.some((l) => l.reqId === 'quiet-ok')).toBe(false);
  });

  it('is pretty on a terminal and JSON otherwise, unless LOG_PRETTY says', () => {
    expect(loadConfig({}, { isTty: true }).logPretty).toBe(true);
    expect(loadConfig({}, { isTty: false }).logPretty).toBe(false);
    expect(loadConfig({ LOG_PRETTY: '0' }, { isTty: true }).logPretty).toBe(false);
    expect(loadConfig({ LOG_PRETTY: '1' }, { isTty: false }).logPretty).toBe(true);
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
  });
});
