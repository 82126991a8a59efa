import { rawDb, type SoftwareCore } from '@wk/db';
import type { Context } from '../../core/context';
import { groupedBy } from '../../core/loaders';
import { isValidSemver, sortSemver } from '@wk/domain';

/** Public cores (validated or still pending, never rejected), newest version first. */
export const publicCoresBySoftware = (ctx: Context) =>
  ctx.loaders.lazy('softwares.publicCoresBySoftware', () =>
    groupedBy(
      async (softwareIds: number[]) =>
        // Every module page reads them: one raw statement on the pg pool (rawDb), the same rows as
        // softwareCore.findMany (core/raw-db.test.ts compares both).
        sortCoresDesc(
          await rawDb(ctx.prisma).$queryRaw<SoftwareCore[]>`
            SELECT id, software_id AS "softwareId", name, version, artifact_paths AS "artifactPaths", install_path AS "installPath",
                   namespace, hash, validation_status::text AS "validationStatus", metadata, api_surface AS "apiSurface",
                   created_at AS "createdAt", updated_at AS "updatedAt"
            FROM software_cores WHERE software_id = ANY(${softwareIds}::int[]) AND validation_status <> 'rejected'`,
        ),
      (c: SoftwareCore) => c.softwareId,
    ),
  );

/** Newest first by semver precedence (1.10.0 above 1.9.5); malformed versions last, by id. */
export function sortCoresDesc<T extends { version: string; id: number }>(cores: T[]): T[] {
  const valid = cores.filter((c) => isValidSemver(c.version));
  const invalid = cores.filter((c) => !isValidSemver(c.version)).sort((a, b) => a.id - b.id);
  const order = sortSemver(
    valid.map((c) => c.version),
    'desc',
  );
  const byVersion = new Map<string, T[]>();
  for (const c of valid) byVersion.set(c.version, [...(byVersion.get(c.version) ?? []), c]);
  const out: T[] = [];
  for (const v of new Set(order)) out.push(...(byVersion.get(v) ?? []));
  return [...out, ...invalid];
}
