/**
 * POST /api/vendor/modules/:moduleId/artifacts — the streaming upload of a version's zip.
 *
 * Authentication: the session cookie plus the header `x-wk-upload: 1` (a browser cannot send a
 * custom header cross-site without a CORS preflight, which this server never grants), or a vendor
 * API token (`Authorization: Bearer wkv_…`, scope publish) for CI. Access is checked before the
 * body is read. The body (multipart field "file", or a raw application/zip body with fields in
 * the query string) is streamed to a temp file with its SHA-256, inspected (zip-slip, symlinks,
 * bombs, lying sizes, manifest), checked against the module and the catalog, and only then stored
 * (content-addressed) and recorded as a draft version — submitted at once with `submit=true`.
 * The temp file is always deleted; a refused upload leaves no row and no stored object.
 *
 * Answers JSON: 201 `{ version, submitted, errors: [] }`, or `{ errors: [{ code, field, message, entry? }] }`
 * with 400 (bad archive or request), 401, 403, 404, 409 (version not greater), 413 (too large), 422 (declarations).
 */
import { rm } from 'node:fs/promises';
import type { Express, Request, Response } from 'express';
import type { BaseDeps, Context } from '../../core/context';
import { UserErrorsException } from '../../core/errors';
import { inputProblem } from '../../core/input-guard';
import { inspectZip, receiveUpload } from '../artifacts';
import { requestContext } from '../auth';
import { type ApiError, UPLOAD_HEADER, jsonRoute, refuse, sendJson as send } from '../../core/rest';
import { requireVendorMember } from '../vendors';
import { authenticateVendorToken } from '../api-tokens';
import { PublishingErrorCode as E, UploadErrorCode as U, createVersionFromUpload, versionStage } from '../publishing';

export function mountUploadRoutes(app: Express, deps: BaseDeps): void {
  app.post(
    '/api/vendor/modules/:moduleId/artifacts',
    jsonRoute('upload', (req, res) => handleUpload(deps, req, res), {
      failure: 'The upload could not be processed. Try again in a moment',
      close: true,
    }),
  );
}

async function handleUpload(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  const raw = String(req.params.moduleId);
  const notFoundError: ApiError = { code: U.NOT_FOUND, message: 'Module not found.', field: 'moduleId' };
  if (!/^\d{1,9}$/.test(raw)) return refuse(req, res, 404, notFoundError);
  const moduleId = Number(raw);
  const now = deps.clock.now();
  const base = await requestContext(deps, req, res);

  // 1. Who is uploading (before reading a byte of the body).
  let ctx: Context;
  let tokenVendorId: number | null = null;
  const authorization = req.get('authorization');
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!m) return refuse(req, res, 401, { code: U.TOKEN_INVALID, message: 'Send "Authorization: Bearer wkv_…".', field: null });
    const auth = await authenticateVendorToken(deps.prisma, m[1], now);
    if (!auth.ok) return refuse(req, res, auth.code === 'TOKEN_SCOPE' ? 403 : 401, { code: auth.code, message: auth.message, field: null });
    ctx = {
      ...base,
      user: auth.user,
      sessionId: null,
      meta: { ...base.meta, userAgent: `${base.meta.userAgent ?? ''} (vendor token ${auth.token.prefix}…)`.trim() },
    };
    tokenVendorId = auth.token.vendorId;
  } else {
    if (!base.user) return refuse(req, res, 401, { code: U.UNAUTHENTICATED, message: 'Sign in, or send a vendor API token.', field: null });
    if (req.get(UPLOAD_HEADER) !== '1') {
      return refuse(req, res, 403, {
        code: U.CSRF_HEADER_MISSING,
        message: `Uploads made with a session cookie must send the header "${UPLOAD_HEADER}: 1".`,
        field: null,
      });
    }
    ctx = base;
  }

  // 2. May they publish to this module? (Someone else's module does not exist for them.)
  const module = await deps.prisma.module.findUnique({ where: { id: moduleId } });
  if (!module) return refuse(req, res, 404, notFoundError);
  const vendor =
    tokenVendorId !== null
      ? module.vendorId === tokenVendorId
        ? await deps.prisma.vendor.findUnique({ where: { id: module.vendorId } })
        : null
      : await requireVendorMember(ctx, module.vendorId).catch(() => null);
  if (!vendor) return refuse(req, res, 404, notFoundError);
  if (module.status === 'suspended' || module.status === 'archived') {
    return refuse(req, res, 409, {
      code: E.MODULE_NOT_ACTIVE,
      message: `This module is ${module.status}; it cannot receive new versions.`,
      field: 'moduleId',
    });
  }

  // 3. Stream to a temp file (size limit, SHA-256), inspect, check, store, record.
  const limits = deps.services.artifactLimits ?? deps.config.artifactLimits;
  const upload = await receiveUpload(req, {
    tmpDir: deps.services.uploadTmpDir ?? deps.config.uploadTmpDir,
    maxBytes: limits.maxUploadBytes,
  });
  if (!upload.ok)
    return send(
      res,
      upload.code === 'UPLOAD_TOO_LARGE' ? 413 : 400,
      { errors: [{ code: upload.code, message: upload.message, field: 'file' }] },
      true,
    );
  // The temp file is removed before answering, whatever the outcome.
  let status: number;
  let body: object;
  try {
    const inspection = await inspectZip(upload.tmpPath, limits);
    if (!inspection.ok) {
      const field = inspection.code.startsWith('MANIFEST_')
        ? inspection.field && inspection.field !== '$'
          ? `manifest.${inspection.field}`
          : 'manifest'
        : 'file';
      status = 400;
      body = {
        errors: [
          {
            code: inspection.code,
            message: inspection.message,
            field,
            ...(inspection.entry !== undefined ? { entry: inspection.entry } : {}),
          },
        ],
      };
    } else if (inputProblem(upload.fields, '', '') || inputProblem(inspection.manifest, '', '')) {
      // The boundary input rules (control characters, lengths) for the form fields and the manifest.
      const p = (inputProblem(upload.fields, '', '') ?? inputProblem(inspection.manifest, 'manifest', 'manifest'))!;
      status = 400;
      body = { errors: [{ code: 'BAD_INPUT', message: p.message, field: p.field }] };
    } else {
      const { version, submitted } = await createVersionFromUpload(ctx, { module, vendor }, upload, inspection, upload.fields);
      status = 201;
      body = {
        version: {
          id: version.id,
          moduleId: module.id,
          moduleSlug: module.slug,
          version: version.version,
          channel: version.channel,
          status: version.status,
          stage: versionStage(version, submitted ? [{ status: 'pending' }] : []),
          sha256: version.hash,
          sizeBytes: upload.bytes,
          filename: upload.filename,
          entries: inspection.entries,
          uncompressedBytes: inspection.uncompressedBytes,
          manifest: inspection.manifest,
        },
        submitted,
        errors: [],
      };
    }
  } catch (e) {
    if (!(e instanceof UserErrorsException)) throw e;
    status = e.errors.some((x) => x.code === E.VERSION_NOT_GREATER) ? 409 : 422;
    body = { errors: e.errors.map((x) => ({ code: x.code, field: x.field ?? null, message: x.message })) };
  } finally {
    await rm(upload.tmpPath, { force: true });
  }
  return send(res, status, body);
}
