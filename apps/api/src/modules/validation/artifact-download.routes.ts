/**
 * GET /api/admin/versions/:versionId/artifact — platform admins download a submitted artifact,
 * streamed from the artifact storage with its SHA-256 in `X-Artifact-Sha256`.
 */
import { pipeline } from 'node:stream/promises';
import type { Express, Request, Response } from 'express';
import type { BaseDeps } from '../../core/context';
import { ArtifactNotFoundError } from '../artifacts';
import { requestContext } from '../auth';
import { jsonRoute } from '../../core/rest';

export const artifactDownloadPath = (versionId: number) => `/api/admin/versions/${versionId}/artifact`;

export function mountArtifactDownloadRoutes(app: Express, deps: BaseDeps): void {
  app.get(
    '/api/admin/versions/:versionId/artifact',
    jsonRoute('artifact download', (req, res) => download(deps, req, res), { failure: 'The artifact could not be read' }),
  );
}

async function download(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const ctx = await requestContext(deps, req, res);
  const session = ctx.user ? { user: ctx.user } : null;
  if (!session) return void res.status(401).json({ errors: [{ code: 'UNAUTHENTICATED', message: 'Sign in to continue.', field: null }] });
  if (session.user.platformRole !== 'platform_admin')
    return void res
      .status(403)
      .json({ errors: [{ code: 'FORBIDDEN', message: 'Only platform admins download submitted artifacts.', field: null }] });
  const raw = String(req.params.versionId);
  const version = /^\d{1,9}$/.test(raw)
    ? await deps.prisma.moduleVersion.findUnique({ where: { id: Number(raw) }, include: { module: { select: { slug: true } } } })
    : null;
  const storage = deps.services.storage;
  if (!version?.artifactKey || !storage)
    return void res.status(404).json({ errors: [{ code: 'NOT_FOUND', message: 'Artifact not found.', field: 'versionId' }] });
  let size: number;
  let stream;
  try {
    size = await storage.size(version.artifactKey);
    stream = await storage.createReadStream(version.artifactKey);
  } catch (e) {
    if (e instanceof ArtifactNotFoundError)
      return void res
        .status(404)
        .json({ errors: [{ code: 'NOT_FOUND', message: 'This version has no stored artifact.', field: 'versionId' }] });
    throw e;
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  res.setHeader('Content-Length', String(size));
  res.setHeader('Content-Disposition', `attachment; filename="${version.module.slug}-${version.version}.zip"`);
  if (version.hash) res.setHeader('X-Artifact-Sha256', version.hash);
  await pipeline(stream, res).catch(() => res.destroy());
}
