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
    const operations = [...storage.queries, ...storage.mutations];
    const fieldNames = new Set([...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())]);
    expect(operations.length).toBe(fieldNames.size);

    const offenders: string[] = [];
    for (const op of operations) {
      const authorized = storage.authorizedFields.some((a) => a.target === op.target && a.fieldName === op.methodName);
      const pub = isPublic(op.target.name, op.methodName);
      if (authorized === pub) offenders.push(`${op.target.name}.${op.methodName} (${authorized ? 'both authorized and public' : 'neither authorized nor public'})`);
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
