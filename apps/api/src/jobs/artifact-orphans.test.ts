import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { useTestApp } from '../test/harness';
import { S3ArtifactStorage } from '../modules/artifacts';
import { startS3rver } from '../modules/artifacts/test-support/s3-server';
import { makeTempDir } from '../modules/artifacts/test-support/zip-fixtures';
import { runArtifactOrphanSweep } from './artifact-orphans.job';

/** The orphan sweep against artifacts in a real S3-compatible server (s3rver). */
describe('artifact orphan sweep', () => {
  const t = useTestApp();
  let dir: string;
  let cleanup: () => Promise<void>;
  let s3: { port: number; close(): Promise<void> };
  let storage: S3ArtifactStorage;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('wk-orphans-'));
    s3 = await startS3rver(path.join(dir, 's3rver'), 'artifacts');
    storage = new S3ArtifactStorage({
      endpoint: `http://127.0.0.1:${s3.port}`,
      region: 'us-east-1',
      bucket: 'artifacts',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });
  afterAll(async () => {
    await s3?.close();
    await cleanup?.();
  });

  it('removes stored objects without a module version row (older than the minimum age), keeps the others', async () => {
    const version = await t.prisma.moduleVersion.findFirstOrThrow({ orderBy: { id: 'asc' } });
    const kept = `modules/kept/1.0.0/${'c'.repeat(64)}.zip`;
    const orphan = `modules/orphan/1.0.0/${'d'.repeat(64)}.zip`;
    await t.prisma.moduleVersion.update({ where: { id: version.id }, data: { artifactKey: kept } });
    await writeFile(path.join(dir, 'x.zip'), 'zip bytes');
    await storage.put(kept, path.join(dir, 'x.zip'));
    await storage.put(orphan, path.join(dir, 'x.zip')); // as after a crash between store and insert
    const deps = { prisma: t.prisma, config: t.config, clock: t.clock, services: { ...t.services, storage } };

    // Fresh objects are never swept (their version row may be about to commit).
    expect(await runArtifactOrphanSweep(deps)).toEqual({ objectsChecked: 2, orphansDeleted: 0 });
    expect(await storage.exists(orphan)).toBe(true);

    expect(await runArtifactOrphanSweep(deps, { minAgeMs: 0 })).toEqual({ objectsChecked: 2, orphansDeleted: 1 });
    expect(await storage.exists(orphan)).toBe(false);
    expect(await storage.exists(kept)).toBe(true);
  });
});
