/**
 * POST /api/vendor/modules/:moduleId/screenshots — upload one screenshot (multipart: "file" and
 *   "altText"; session cookie plus the header `x-wk-upload: 1`). At most 2 MB; the content must
 *   be PNG, JPEG or WebP whatever the file is called; decompression bombs are refused from the
 *   header's dimensions; the image is re-encoded to WebP (EXIF stripped, fitted into 1600×1200)
 *   and kept in the artifact storage. Answers 201 `{ screenshot, errors: [] }` or `{ errors }`
 *   with 400, 401, 403, 404, 409 (8 already) or 413.
 * GET /api/screenshots/:id.webp — the image: public once the module is in the catalog, else only
 *   for the module's vendor members (the listing preview).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import type { Express, Request, Response } from 'express';
import type { BaseDeps } from '../../core/context';
import { UserErrorsException } from '../../core/errors';
import { receiveUpload } from '../artifacts';
import { requestContext } from '../auth';
import { requireVendorMember } from '../vendors';
import { type ApiError, UPLOAD_HEADER, jsonRoute, refuse, sendJson as send } from '../../core/rest';
import { processScreenshot } from './image-inspect';
import { ListingErrorCode as E, MAX_SCREENSHOTS, SCREENSHOT_MAX_BYTES } from './listing.errors';
import { addScreenshot, checkAltText, screenshotCount, screenshotForViewer, toScreenshot } from './listing.service';

export function mountScreenshotRoutes(app: Express, deps: BaseDeps): void {
  app.post(
    '/api/vendor/modules/:moduleId/screenshots',
    jsonRoute('screenshot upload', (req, res) => handleUpload(deps, req, res), {
      failure: 'The image could not be processed. Try again',
      close: true,
    }),
  );
  app.get('/api/screenshots/:file', (req, res) => {
    serve(deps, req, res).catch((err: unknown) => {
      req.log.error({ err }, 'screenshot download failed');
      if (!res.headersSent) res.status(500).end();
      else res.destroy();
    });
  });
}

async function handleUpload(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  const raw = String(req.params.moduleId);
  const notFoundError: ApiError = { code: 'NOT_FOUND', message: 'Module not found.', field: 'moduleId' };
  if (!/^\d{1,9}$/.test(raw)) return refuse(req, res, 404, notFoundError);
  const moduleId = Number(raw);
  const ctx = await requestContext(deps, req, res);
  if (!ctx.user) return refuse(req, res, 401, { code: 'UNAUTHENTICATED', message: 'Sign in to upload screenshots.', field: null });
  if (req.get(UPLOAD_HEADER) !== '1')
    return refuse(req, res, 403, { code: 'CSRF_HEADER_MISSING', message: `Send the header "${UPLOAD_HEADER}: 1".`, field: null });
  const module = await deps.prisma.module.findUnique({ where: { id: moduleId } });
  if (
    !module ||
    !(await requireVendorMember(ctx, module.vendorId).then(
      () => true,
      () => false,
    ))
  )
    return refuse(req, res, 404, notFoundError);
  if ((await screenshotCount(deps.prisma, moduleId)) >= MAX_SCREENSHOTS)
    return refuse(req, res, 409, {
      code: E.SCREENSHOT_LIMIT,
      message: `A listing has at most ${MAX_SCREENSHOTS} screenshots; delete one first.`,
      field: 'file',
    });
  const storage = deps.services.storage;
  if (!storage) throw new Error('No artifact storage is configured.');

  const tmpDir = deps.services.uploadTmpDir ?? deps.config.uploadTmpDir;
  const upload = await receiveUpload(req, { tmpDir, maxBytes: SCREENSHOT_MAX_BYTES });
  if (!upload.ok) {
    const tooLarge = upload.code === 'UPLOAD_TOO_LARGE';
    return send(
      res,
      tooLarge ? 413 : 400,
      { errors: [{ code: upload.code, message: tooLarge ? 'A screenshot can be at most 2 MB.' : upload.message, field: 'file' }] },
      true,
    );
  }
  await mkdir(tmpDir, { recursive: true });
  const outPath = path.join(tmpDir, `shot-${randomUUID()}.webp`);
  let stored: string | null = null;
  let status: number;
  let body: object;
  // Temp files (and an unrecorded stored image) are removed before answering, whatever the outcome.
  try {
    const altText = checkAltText(upload.fields.altText);
    const image = await processScreenshot(upload.tmpPath, outPath);
    if (!image.ok) {
      status = 400;
      body = { errors: [{ code: image.code, message: image.message, field: 'file' }] };
    } else {
      const key = `screenshots/${moduleId}/${randomUUID()}.webp`;
      await storage.put(key, outPath);
      stored = key;
      const row = await addScreenshot(ctx, moduleId, {
        storageKey: key,
        width: image.width,
        height: image.height,
        bytes: image.bytes,
        altText,
        sourceKind: image.kind,
      });
      stored = null; // recorded: keep it
      status = 201;
      body = { screenshot: toScreenshot(row), errors: [] };
    }
  } catch (e) {
    if (!(e instanceof UserErrorsException)) throw e;
    status = e.errors.some((x) => x.code === E.SCREENSHOT_LIMIT) ? 409 : 400;
    body = { errors: e.errors.map((x) => ({ code: x.code, field: x.field ?? null, message: x.message })) };
  } finally {
    if (stored) await storage.delete(stored).catch(() => undefined);
    await rm(upload.tmpPath, { force: true });
    await rm(outPath, { force: true });
  }
  return send(res, status, body);
}

async function serve(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  const m = /^(\d{1,9})\.webp$/.exec(String(req.params.file));
  if (!m) {
    res.status(404).end();
    return;
  }
  const ctx = await requestContext(deps, req, res);
  const found = await screenshotForViewer(ctx, Number(m[1]));
  const storage = deps.services.storage;
  if (!found || !storage) {
    res.status(404).end();
    return;
  }
  const stream = await storage.createReadStream(found.row.storageKey);
  res.setHeader('Content-Type', 'image/webp');
  res.setHeader('Content-Length', String(found.row.byteSize));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // An id always names the same image (a new upload gets a new id).
  res.setHeader('Cache-Control', found.listed ? 'public, max-age=86400' : 'private, no-store');
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
