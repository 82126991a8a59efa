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
