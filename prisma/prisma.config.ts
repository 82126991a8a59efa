import { defineConfig } from 'prisma/config';

// The URL is only needed by commands that talk to a database; `generate` does not.
// Our own migration runner (src/migrate.ts) is what applies migrations on these machines.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/webkernel' },
});
