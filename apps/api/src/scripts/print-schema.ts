/** Writes the GraphQL SDL to apps/api/schema.graphql (the web app's codegen reads it). */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchema, lexicographicSortSchema } from 'graphql';
import { getSchema } from '../core/schema';

export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}

if (require.main === module) {
  schemaSdl()
    .then((sdl) => {
      const out = path.resolve(__dirname, '../../schema.graphql');
      fs.writeFileSync(out, sdl);
      console.log(`Wrote ${out}`);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
