/**
 * One code path for every environment: DATABASE_URL when set, otherwise the embedded server.
 */
import { startEmbeddedPostgres, type EmbeddedOptions } from './embedded';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(opts: EmbeddedOptions & { url?: string } = {}): Promise<DatabaseHandle> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) return { url, embedded: false, stop: async () => undefined };
  const pg = await startEmbeddedPostgres(opts);
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}
