import fs from 'node:fs';
import path from 'node:path';
import { schemaSdl } from '../scripts/print-schema';

describe('committed GraphQL SDL', () => {
  it('apps/api/schema.graphql is what the resolvers build (regenerate with the api build)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(await schemaSdl());
  });
});
