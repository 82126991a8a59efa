/**
 * POST /api/admin/software-cores/:coreId/api-surface — a platform admin uploads a core release's
 * zip; its public API surface is extracted from the archive's PHP code with a PHP parser (see
 * core-surface-extract.ts and the README, "Automated review") and replaces the registered one.
 *
 * Authentication: the session cookie plus the header `x-wk-upload: 1` (as for module uploads: a
 * browser cannot send it cross-site without a CORS preflight). Who may do it is checked before the
 * body is read. The body (multipart field "file", or a raw application/zip body) is streamed to a
 * temp file with its SHA-256 under the artifact size limit, inspected like a module archive, and
 * always deleted; the zip itself is not stored.
 *
 * Answers JSON: 200 `{ surface: { coreId, classes, functions, hooks }, extraction: { files, methods,
 * manifest }, errors: [] }`, or
 * `{ surface: null, errors: [{ code, field, message, entry? }] }` with 400 (bad archive or
 * manifest), 401, 403, 404, 413 (too large).
 */
import { rm } from 'node:fs/promises';
import type { Express, Request, Response } from 'express';
import type { BaseDeps } from '../../core/context';
import { UserErrorsException } from '../../core/errors';
import { receiveUpload } from '../artifacts';
import { requestContext } from '../auth';
import { type ApiError, UPLOAD_HEADER, jsonRoute, refuse as refuseWith, sendJson as send } from '../../core/rest';
import { coreApiSurfaceSummary, setCoreApiSurfaceFromZip } from './version-checks.service';

/** Refusals keep the payload's shape: `{ surface: null, errors: [...] }`. */
function refuse(req: Request, res: Response, status: number, error: ApiError) {
  refuseWith(req, res, status, error, { surface: null });
}

export function mountCoreSurfaceUploadRoutes(app: Express, deps: BaseDeps): void {
  app.post(
    '/api/admin/software-cores/:coreId/api-surface',
    jsonRoute('core surface upload', (req, res) => handle(deps, req, res), {
      failure: 'The upload could not be processed. Try again in a moment',
      close: true,
      extra: { surface: null },
    }),
  );
}

async function handle(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  const raw = String(req.params.coreId);
  const notFoundError: ApiError = { code: 'NOT_FOUND', message: 'Core version not found.', field: 'coreId' };

  // 1. Who is uploading (before reading a byte of the body): a platform admin, in a session.
  const ctx = await requestContext(deps, req, res);
  if (!ctx.user) return refuse(req, res, 401, { code: 'UNAUTHENTICATED', message: 'Sign in to continue.', field: null });
  if (ctx.user.platformRole !== 'platform_admin')
    return refuse(req, res, 403, { code: 'FORBIDDEN', message: 'You do not have permission to do this.', field: null });
  if (req.get(UPLOAD_HEADER) !== '1')
    return refuse(req, res, 403, {
      code: 'CSRF_HEADER_MISSING',
      message: `Uploads made with a session cookie must send the header "${UPLOAD_HEADER}: 1".`,
      field: null,
    });
  if (!/^\d{1,9}$/.test(raw)) return refuse(req, res, 404, notFoundError);
  const coreId = Number(raw);
  if (!(await deps.prisma.softwareCore.findUnique({ where: { id: coreId }, select: { id: true } })))
    return refuse(req, res, 404, notFoundError);

  // 2. Stream to a temp file (size limit, SHA-256), derive the surface, store it; always delete the file.
  const limits = deps.services.artifactLimits ?? deps.config.artifactLimits;
  const upload = await receiveUpload(req, {
    tmpDir: deps.services.uploadTmpDir ?? deps.config.uploadTmpDir,
    maxBytes: limits.maxUploadBytes,
  });
  if (!upload.ok)
    return send(
      res,
      upload.code === 'UPLOAD_TOO_LARGE' ? 413 : 400,
      { surface: null, errors: [{ code: upload.code, message: upload.message, field: 'file' }] },
      true,
    );
  // The temp file is removed before answering, whatever the outcome.
  let status: number;
  let body: object;
  try {
    const { core, extraction } = await setCoreApiSurfaceFromZip(ctx, coreId, upload);
    status = 200;
    body = { surface: coreApiSurfaceSummary(ctx, core), extraction, errors: [] };
  } catch (e) {
    if (!(e instanceof UserErrorsException)) throw e;
    status = 400;
    body = { surface: null, errors: e.errors.map((x) => ({ code: x.code, field: x.field ?? null, message: x.message })) };
  } finally {
    await rm(upload.tmpPath, { force: true });
  }
  return send(res, status, body);
}
