/**
 * One code path for every environment: DATABASE_URL when set, otherwise the embedded server.
 */
import { startEmbeddedPostgres, type EmbeddedOptions } from './embedded';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * `url`: the server to use; `null` → the embedded server; left out → DATABASE_URL (the db CLI).
 * The product passes its validated configuration (apps/api/src/core/config.ts).
 */
export async function openDatabase(opts: EmbeddedOptions & { url?: string | null } = {}): Promise<DatabaseHandle> {
  const url = opts.url !== undefined ? opts.url : process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres(opts);
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
