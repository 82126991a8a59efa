/**
 * Database commands: `migrate`, `migrate:create <name>`, `seed`, `drift`.
 * Uses DATABASE_URL when set, otherwise starts the embedded server for the duration of the command.
 */
import { openDatabase } from './database';
import { applyMigrations, createMigration, diffDatabaseToSchema } from './migrate';
import { createPrismaClient } from './client';
import { seedDemoData } from './seed';
import { withStartupLock } from './migration-lock';

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  const db = await openDatabase({ log: () => undefined });
  try {
    switch (cmd) {
      case 'migrate': {
        const applied = await withStartupLock(db.url, () => applyMigrations(db.url), { log: (m) => console.log(m) });
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
        break;
      }
      case 'migrate:create': {
        const name = args[0];
        if (!name) throw new Error('usage: migrate:create <name>');
        await applyMigrations(db.url);
        const folder = await createMigration(db.url, name);
        console.log(folder ? `Created ${folder}` : 'No schema changes: nothing to create.');
        break;
      }
      case 'drift': {
        const sql = await diffDatabaseToSchema(db.url);
        console.log(sql ? `Drift:\n${sql}` : 'No drift.');
        if (sql) process.exitCode = 1;
        break;
      }
      case 'seed': {
        const prisma = createPrismaClient(db.url);
        try {
          const { inserted } = await withStartupLock(
            db.url,
            async () => {
              await applyMigrations(db.url);
              return seedDemoData(prisma);
            },
            { log: (m) => console.log(m) },
          );
          const total = Object.values(inserted).reduce((a, b) => a + b, 0);
          console.log(total ? `Demo data loaded (${total} rows).` : 'Demo data already present: nothing changed.');
        } finally {
          await prisma.$disconnect();
        }
        break;
      }
      default:
        throw new Error(`unknown command "${cmd ?? ''}" (migrate | migrate:create <name> | drift | seed)`);
    }
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
