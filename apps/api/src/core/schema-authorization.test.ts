import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { getSchema } from './schema';
import { isPublic } from './auth-checker';
import { useTestApp } from '../test/harness';

/**
 * Secure by default: every Query and Mutation field is either @Authorized(...) or explicitly
 * @Public(). A new field with neither fails this test.
 */
describe('schema authorization walk', () => {
  it('every Query/Mutation field is authorized or explicitly public', async () => {
    const schema = await getSchema();
    const storage = getMetadataStorage();
    // type-graphql's metadata storage is process-global: when the jest worker already loaded the
    // resolvers for an earlier test file, each operation is registered once per load. Compare by name.
    const key = (target: { name: string }, method: string) => `${target.name}.${method}`;
    const operations = [...new Map([...storage.queries, ...storage.mutations].map((op) => [key(op.target, op.methodName), op])).values()];
    const authorizedKeys = new Set(storage.authorizedFields.map((a) => key(a.target, a.fieldName)));
    const fieldNames = new Set([...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())]);
    expect(new Set(operations.map((op) => op.schemaName))).toEqual(fieldNames);

    const offenders: string[] = [];
    for (const op of operations) {
      const authorized = authorizedKeys.has(key(op.target, op.methodName));
      const pub = isPublic(op.target.name, op.methodName);
      if (authorized === pub)
        offenders.push(
          `${op.target.name}.${op.methodName} (${authorized ? 'both authorized and public' : 'neither authorized nor public'})`,
        );
    }
    expect(offenders).toEqual([]);
  });
});

describe('authorized fields refuse anonymous callers', () => {
  const t = useTestApp();
  it('signOut without a session is UNAUTHENTICATED', async () => {
    const r = await t.gql('mutation { signOut { ok } }');
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ message: 'Sign in to continue.', extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('role-restricted fields', () => {
  const t = useTestApp();
  it('answer UNAUTHENTICATED to anonymous callers and FORBIDDEN to signed-in users without the role', async () => {
    const q = '{ adminVendors { totalCount } }';
    const anon = await t.gql(q);
    expect(anon.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const user = await t.gql(q, {}, { as: 'alice@acme.test' });
    expect(user.errors![0]).toMatchObject({ message: 'You do not have permission to do this.', extensions: { code: 'FORBIDDEN' } });
    const admin = await t.gql(q, {}, { as: 'admin@webkernel.com' });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.adminVendors.totalCount).toBe(3);
  });
});
