import { createArtifactStorage, type ArtifactStorage } from '../modules/artifacts';
import type { JobDeps, JobReport } from './job-context';

/** Objects younger than this are never swept: their version row may be about to commit. */
export const ORPHAN_MIN_AGE_MS = 60 * 60_000;

/**
 * Removes stored artifacts that no module version points at (hourly): what a crash between
 * "store the artifact" and "insert the version row" leaves behind, or a failed cleanup after a
 * refused upload. Only objects older than an hour are considered, so an upload in flight is never
 * touched. Returns how many objects were checked and deleted; each deletion is logged.
 */
export async function runArtifactOrphanSweep(deps: JobDeps, opts: { minAgeMs?: number } = {}): Promise<JobReport> {
  const storage = (deps.services.storage as ArtifactStorage | undefined) ?? createArtifactStorage(deps.config.storage);
  const minAgeMs = opts.minAgeMs ?? ORPHAN_MIN_AGE_MS;
  const referenced = new Set(
    (await deps.prisma.moduleVersion.findMany({ where: { artifactKey: { not: null } }, select: { artifactKey: true } })).map(
      (v) => v.artifactKey!,
    ),
  );
  // Object times are the storage's real time, not the injectable clock.
  const cutoff = Date.now() - minAgeMs;
  let objectsChecked = 0;
  let orphansDeleted = 0;
  for await (const o of storage.list('modules/')) {
    objectsChecked++;
    if (referenced.has(o.key) || o.lastModified.getTime() > cutoff) continue;
    // Re-check just before deleting: a version may have been created since the list was read.
    if ((await deps.prisma.moduleVersion.count({ where: { artifactKey: o.key } })) > 0) continue;
    await storage.delete(o.key);
    orphansDeleted++;
    console.log(`[artifact-orphan-sweep] deleted ${o.key} (no module version; stored ${o.lastModified.toISOString()})`);
  }
  return { objectsChecked, orphansDeleted };
}
