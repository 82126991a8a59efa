import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { useTestApp } from '../test/harness';
import { formatError } from './errors';
import { AppError } from './errors';

describe('query limits', () => {
  const t = useTestApp({ config: { maxQueryDepth: 3, maxQueryCost: 50 } });

  it('refuses a query deeper than the limit and accepts one at the limit', async () => {
    const ok = await t.gql('{ me { memberships { id } } }', {}, { as: 'alice@acme.test' });
    expect(ok.errors).toBeUndefined();
    const deep = await t.gql('{ me { memberships { organization { id } } } }', {}, { as: 'alice@acme.test' });
    expect(deep.status).toBe(400);
    expect(deep.errors![0].extensions!.code).toBe('QUERY_TOO_DEEP');
    expect(deep.errors![0].message).toMatch(/depth 4 exceeds the limit of 3/);
  });

  it('follows fragments when measuring depth', async () => {
    const r = await t.gql(
      'fragment M on MyMembership { organization { id } } { me { memberships { ...M } } }',
      {},
      { as: 'alice@acme.test' },
    );
    expect(r.errors![0].message).toMatch(/Query is too deep: depth 4/);
  });

  it('refuses a query whose estimated cost is over the limit', async () => {
    const fields = Array.from({ length: 60 }, (_, i) => `a${i}: me { id }`).join(' ');
    const r = await t.gql(`{ ${fields} }`, {}, { as: 'alice@acme.test' });
    expect(r.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('does not count __typename, which Apollo Client adds to every selection set and fragment', async () => {
    // 24 × `me { id }` costs 48 (limit 50); counting each __typename would make it 72 and refuse it.
    const fields = Array.from({ length: 24 }, (_, i) => `a${i}: me { ...F __typename }`).join(' ');
    const r = await t.gql(`fragment F on Me { id __typename } { ${fields} __typename }`, {}, { as: 'alice@acme.test' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.a23).toMatchObject({ __typename: 'Me' });
    // The same query with one more field per selection is over the limit.
    const over = Array.from({ length: 24 }, (_, i) => `a${i}: me { id email }`).join(' ');
    const refused = await t.gql(`{ ${over} }`, {}, { as: 'alice@acme.test' });
    expect(refused.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('CSRF prevention', () => {
  const t = useTestApp();
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    it(`refuses a simple POST with content-type ${type}`, async () => {
      const cookie = await t.sessionCookie('alice@acme.test');
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': type, cookie },
        body: JSON.stringify({ query: 'mutation { signOut { ok } }' }),
      });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toMatch(/Cross-Site Request Forgery/);
      // The session survived: the forged request did nothing.
      expect((await t.gql('{ me { id } }', {}, { cookie })).data!.me.id).toBe(42);
    });
  }

  it('refuses a mutation over GET', async () => {
    const res = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('mutation { signOut { ok } }')}`, {
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(res.status).toBe(405);
  });
});

describe('health', () => {
  const t = useTestApp();
  it('answers ok when the database answers', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});

describe('error masking', () => {
  it('masks unknown errors and keeps known codes', () => {
    const masked = formatError(
      { message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at pg'] } },
      new Error('relation "x" does not exist'),
    );
    expect(masked).toEqual({ message: 'Internal server error.', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const nf = new AppError('NOT_FOUND', 'License not found.');
    expect(formatError({ message: nf.message, extensions: { ...nf.extensions, stacktrace: ['x'] } }, nf)).toEqual({
      message: 'License not found.',
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('response headers of the API and the app shell', () => {
  const t = useTestApp({ config: { webDistDir: path.resolve(__dirname, '../../../web/dist') } });

  /** A raw request: node:http sends no Accept-Encoding unless told (fetch always does). */
  function raw(p: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = http.request(`${t.baseUrl}${p}`, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }
  // Larger than the 1 KiB compression threshold.
  const catalog = JSON.stringify({
    query: '{ catalogModules(first: 20) { edges { node { slug name description versions { version changelog } plans { name } } } } }',
  });
  const json = { 'content-type': 'application/json' };

  it('compresses a GraphQL answer for a client that accepts gzip, and sends it as is to one that sends no Accept-Encoding', async () => {
    const gz = await raw('/graphql', { method: 'POST', headers: { ...json, 'accept-encoding': 'gzip' }, body: catalog });
    expect(gz.body.length).toBeGreaterThan(0);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['vary']).toMatch(/accept-encoding/i);
    const fromGzip = JSON.parse(zlib.gunzipSync(gz.body).toString('utf8'));
    expect(fromGzip.data.catalogModules.edges.length).toBeGreaterThan(0);
    const plain = await raw('/graphql', { method: 'POST', headers: json, body: catalog });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(fromGzip);
  });

  it('puts no ETag on JSON answers (GraphQL, instance API), and a weak one on the app shell', async () => {
    const gql = await raw('/graphql', { method: 'POST', headers: json, body: catalog });
    expect(gql.status).toBe(200);
    expect(gql.headers['etag']).toBeUndefined();
    const health = await raw('/healthz');
    expect(health.status).toBe(200);
    expect(health.headers['etag']).toBeUndefined();
    const instance = await raw('/api/instance/v1/licenses/X/validate');
    expect(instance.status).toBe(401);
    expect(instance.headers['etag']).toBeUndefined();
    const shell = await raw('/modules', { headers: { accept: 'text/html' } });
    expect(shell.status).toBe(200);
    expect(shell.body.toString('utf8')).toMatch(/^<!doctype html>/i);
    expect(shell.headers['etag']).toMatch(/^W\/"/);
  });
});
