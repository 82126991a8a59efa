import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rawDb } from '@wk/db';
import { pipeline } from 'node:stream/promises';
import type { BaseDeps, Context } from '../core/context';
import { createLoaders } from '../core/loaders';
import { ArtifactNotFoundError, createArtifactStorage, type ArtifactStorage } from '../modules/artifacts';
import { authenticateInstanceCredential, type AuthenticatedInstance } from '../modules/instances';
import { parseHeartbeatBody, recordHeartbeat } from '../modules/instances';
import { recordErrors, recordUsage } from '../modules/usage';
import { evaluateAlerts } from '../modules/alerts';
import { licenseUserCount } from '../modules/licenses';
import { reportUpdate } from '../modules/updates';
import { maskedMessage } from '../core/logger';
import { instanceApiConfig, type InstanceApiConfig } from './instance-api.config';
import { artifactFor, validateLicense, type ArtifactDecision } from './instance-api.service';
import { PgRateLimiter, rateLimitHeaders, type RateDecision } from '../core/rate-limit';
import { restBodyGuard } from '../core/input-guard';
import {
  isSignableHash,
  issueLicenseFileForInstance,
  signingKeysOf,
  signVersionArtifact,
  storedArtifactSignature,
} from '../modules/license-files';
import { respondToOutage } from '../core/database-errors';

export const INSTANCE_API_PREFIX = '/api/instance/v1';

type Authed = Request & { instance?: AuthenticatedInstance };

/** A database id from the URL: 1 … 2^31 − 1, else null (never a number the database cannot hold). */
function idParam(raw: unknown): number | null {
  const s = String(raw ?? '');
  if (!/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 2_147_483_647 ? n : null;
}

function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...extra } });
}

/** `Authorization: Basic base64(keyId:secret)`, or `X-Instance-Key` + `X-Instance-Secret`. */
export function credentialsFrom(req: Request): { keyId: string; secret: string } | null {
  const auth = req.get('authorization');
  if (auth && /^basic\s+/i.test(auth)) {
    const decoded = Buffer.from(auth.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { keyId: decoded.slice(0, i), secret: decoded.slice(i + 1) };
    return null;
  }
  const keyId = req.get('x-instance-key');
  const secret = req.get('x-instance-secret');
  return keyId && secret ? { keyId: keyId.trim(), secret: secret.trim() } : null;
}

/** A request context for services called by an instance (no user; the instance is the actor). */
function instanceContext(deps: BaseDeps, req: Request): Context {
  return {
    ...deps,
    user: null,
    sessionId: null,
    meta: { ip: req.ip ?? req.socket.remoteAddress ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null },
    loaders: createLoaders(deps.prisma),
    logger: req.log,
    req,
  };
}

/**
 * The API that running instances call, authenticated with instance credentials (never cookies):
 * license validation, artifact downloads, usage and error reports, update reports. Rate-limited per
 * credential. Documented with curl examples in the README ("Instance API").
 */
export function mountInstanceApi(app: Express, deps: BaseDeps): void {
  const config: InstanceApiConfig = {
    ...instanceApiConfig(deps.config),
    ...((deps.services.instanceApi as Partial<InstanceApiConfig> | undefined) ?? {}),
  };
  const limiter = new PgRateLimiter(deps.prisma);
  let storage: ArtifactStorage | undefined;
  const storageOf = () =>
    (storage ??= (deps.services.storage as ArtifactStorage | undefined) ?? createArtifactStorage(deps.config.storage));

  /**
   * The signature stored with the version (at approval, or by the backfill job); a version the
   * backfill has not reached yet is signed and stored now, the same way. Null without a SHA-256.
   */
  const signatureOf = async (req: Request, d: Extract<ArtifactDecision, { ok: true }>) => {
    const stored = storedArtifactSignature({ ...d, hash: d.sha256 });
    if (stored || !isSignableHash(d.sha256)) return stored;
    const ctx = instanceContext(deps, req);
    const r = await deps.prisma.$transaction((tx) => signVersionArtifact(tx, ctx, signingKeysOf(deps.services), d.versionId, 'download'));
    return r?.signature ?? null;
  };

  /**
   * The alert rules of the reported modules, evaluated once the report is stored. A failure here
   * does not fail the report (it is stored): the `module-alerts` job evaluates again within 5 minutes.
   */
  const alertsAfterReport = async (req: Request, moduleIds: number[]) => {
    try {
      await evaluateAlerts(instanceContext(deps, req), moduleIds);
    } catch (err) {
      if (req.log) req.log.error({ err }, 'alert evaluation after a report failed; the module-alerts job will retry');
    }
  };

  const router = express.Router();
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const tooMany = (res: Response, d: RateDecision, message: string) => {
    for (const [h, v] of Object.entries(rateLimitHeaders(d))) res.setHeader(h, v);
    sendError(res, 429, 'RATE_LIMITED', message, { retryAfterSeconds: d.retryAfterSeconds });
  };

  // Rate limits counted in PostgreSQL (exact across every API process), around authentication:
  //   1. every request first takes one unit of its IP's failed-credentials budget, atomically, before
  //      any secret is checked (so parallel guesses cannot all slip through); past the budget → 429;
  //   2. a request whose credentials turn out valid gives that unit back and, in the same statement,
  //      takes one unit of its credential's budget; past it → 429.
  router.use(async (req: Authed, res: Response, next: NextFunction) => {
    try {
      const now = deps.clock.now();
      const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      const failRule = { key: `inst:authfail:${ip}`, limit: config.authFailureLimit, windowMs: config.rateWindowMs };
      const [fail] = await limiter.take([failRule], now);
      if (!fail.allowed) {
        return tooMany(
          res,
          fail,
          `Too many requests with wrong or missing credentials from this address: try again in ${fail.retryAfterSeconds} s.`,
        );
      }
      const creds = credentialsFrom(req);
      const who = creds ? await authenticateInstanceCredential(deps, creds.keyId, creds.secret, now) : null;
      if (!who) {
        res.setHeader('WWW-Authenticate', 'Basic realm="instance-api", charset="UTF-8"');
        return sendError(
          res,
          401,
          'UNAUTHORIZED',
          creds
            ? 'Unknown, revoked or wrong instance credentials.'
            : 'Send the instance credentials (Authorization: Basic, or X-Instance-Key and X-Instance-Secret).',
        );
      }
      const [d] = await limiter.take(
        [{ key: `inst:cred:${who.credentialId}`, limit: config.rateLimit, windowMs: config.rateWindowMs }],
        now,
        [failRule],
      );
      if (!who.instanceActive) return sendError(res, 403, 'INSTANCE_INACTIVE', 'This instance is deactivated.');
      for (const [h, v] of Object.entries(rateLimitHeaders(d))) res.setHeader(h, v);
      if (!d.allowed) {
        return tooMany(res, d, `Too many requests: at most ${d.limit} per ${Math.round(config.rateWindowMs / 1000)} s per credential.`);
      }
      req.instance = who;
      next();
    } catch (e) {
      next(e);
    }
  });

  /**
   * A route for the authenticated instance (the middleware above has checked its credentials and rate limits): the
   * handler gets it; a failure goes to the error handler below, or cuts a response already under way.
   */
  const instanceRoute =
    (handler: (req: Authed, res: Response, instance: AuthenticatedInstance) => Promise<unknown>) =>
    async (req: Authed, res: Response, next: NextFunction) => {
      try {
        await handler(req, res, req.instance!);
      } catch (e) {
        if (res.headersSent) res.destroy(e as Error);
        else next(e);
      }
    };

  /** What a usage or error report is recorded with: the time now, and the reporting instance and its core version. */
  const reportOf = (instance: AuthenticatedInstance) =>
    [
      { prisma: deps.prisma, now: deps.clock.now() },
      { instanceId: instance.instanceId, coreVersion: instance.coreVersion },
    ] as const;

  /** The approved version `:moduleVersionId` this instance may download; null once the refusal is answered. */
  const downloadable = async (req: Request, res: Response, instance: AuthenticatedInstance) => {
    const id = idParam(req.params.moduleVersionId);
    if (id === null) {
      sendError(res, 404, 'VERSION_NOT_FOUND', 'No approved module version with this id.');
      return null;
    }
    const d = await artifactFor(deps.prisma, instance, id, deps.clock.now());
    if (!d.ok) {
      sendError(res, d.status, d.code, d.message);
      return null;
    }
    return d;
  };

  router.get(
    '/licenses/:key/validate',
    instanceRoute(async (req, res, instance) => {
      const r = await validateLicense(rawDb(deps.prisma), instance, String(req.params.key), deps.clock.now());
      if (!r) return sendError(res, 404, 'LICENSE_NOT_FOUND', 'No license with this key in your organization.');
      res.json({ license: r, checkedAt: deps.clock.now().toISOString() });
    }),
  );

  router.get(
    '/artifacts/:moduleVersionId',
    instanceRoute(async (req, res, instance) => {
      const d = await downloadable(req, res, instance);
      if (!d) return;
      const store = storageOf();
      let size: number;
      try {
        size = await store.size(d.key);
      } catch (e) {
        if (e instanceof ArtifactNotFoundError)
          return sendError(res, 404, 'ARTIFACT_NOT_FOUND', 'The artifact file is missing from storage.');
        throw e;
      }
      const stream = await store.createReadStream(d.key);
      res.status(200);
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Length', String(size));
      res.setHeader('Content-Disposition', `attachment; filename="${d.filename}"`);
      if (d.sha256) res.setHeader('X-Checksum-SHA256', d.sha256);
      // The detached Ed25519 signature stored at approval (verify with @wk/verify and
      // /.well-known/webkernel-keys.json). Imported seed history has no SHA-256 and so no signature.
      const sig = await signatureOf(req, d);
      if (sig) {
        res.setHeader('X-Webkernel-Signature', Buffer.from(JSON.stringify(sig)).toString('base64url'));
        res.setHeader('X-Webkernel-Signature-Key-Id', sig.kid);
      }
      await pipeline(stream, res);
    }),
  );

  const json = [express.json({ limit: '512kb' }), restBodyGuard];

  router.get(
    '/artifacts/:moduleVersionId/signature',
    instanceRoute(async (req, res, instance) => {
      const d = await downloadable(req, res, instance);
      if (!d) return;
      const sig = await signatureOf(req, d);
      if (!sig) return sendError(res, 404, 'SIGNATURE_NOT_AVAILABLE', 'This version predates artifact signing (no SHA-256 on record).');
      res.json(sig);
    }),
  );

  router.get(
    '/licenses/:key/file',
    instanceRoute(async (req, res, instance) => {
      const encrypt = req.query.encrypt === '1' || req.query.encrypt === 'true';
      const r = await issueLicenseFileForInstance(
        instanceContext(deps, req),
        signingKeysOf(deps.services),
        instance,
        String(req.params.key),
        encrypt,
      );
      if (!r) return sendError(res, 404, 'LICENSE_NOT_FOUND', 'No license with this key in your organization.');
      if (!r.ok) return sendError(res, 409, r.code, r.message);
      res.setHeader('Content-Disposition', `attachment; filename="${r.payload.licenseKey}.license.json"`);
      res.json(r.file);
    }),
  );

  // Heartbeats of this instance's activations (floating seats stay held while they arrive).
  router.post(
    '/heartbeat',
    ...json,
    instanceRoute(async (req, res, instance) => {
      const body = parseHeartbeatBody(req.body);
      if (!body.ok) return sendError(res, 422, 'INVALID_HEARTBEAT', body.message, { field: body.field });
      res.json(await recordHeartbeat(instanceContext(deps, req), instance, body.modules));
    }),
  );

  router.post(
    '/usage',
    ...json,
    instanceRoute(async (req, res, instance) => {
      const r = await recordUsage(...reportOf(instance), req.body);
      if (!r.ok) return sendError(res, 422, 'INVALID_USAGE', 'Some metrics are invalid; nothing was stored.', { problems: r.problems });
      await alertsAfterReport(req, r.moduleIds);
      // The plans' user limits, as they stand after this report (README "User limits").
      const now = deps.clock.now();
      const limited = await deps.prisma.instanceModule.findMany({
        where: { instanceId: instance.instanceId, isActive: true, license: { pricingPlan: { maxUsers: { not: null } } } },
        include: { license: true, module: { select: { slug: true } } },
      });
      const userLimits = [];
      for (const im of limited) {
        const u = await licenseUserCount(deps.prisma, im.licenseId, now);
        userLimits.push({
          module: im.module.slug,
          licenseKey: im.license.licenseKey,
          activeUsers: u.active,
          maxUsers: u.max,
          exceeded: u.exceeded,
        });
      }
      res.json({ accepted: r.accepted, replaced: r.replaced, userLimits });
    }),
  );

  router.post(
    '/errors',
    ...json,
    instanceRoute(async (req, res, instance) => {
      const r = await recordErrors(...reportOf(instance), req.body);
      if (!r.ok)
        return sendError(res, 422, 'INVALID_ERROR_REPORT', 'Some errors are invalid; nothing was stored.', { problems: r.problems });
      await alertsAfterReport(req, r.moduleIds);
      res.json({ errors: r.errors });
    }),
  );

  router.post(
    '/updates/:updateId/report',
    ...json,
    instanceRoute(async (req, res, instance) => {
      const id = idParam(req.params.updateId) ?? -1;
      const body = (req.body ?? {}) as { status?: unknown; errorMessage?: unknown };
      if (!Number.isInteger(id) || id < 1) return sendError(res, 404, 'UPDATE_NOT_FOUND', 'No update with this id on this instance.');
      if (body.status !== 'success' && body.status !== 'failed')
        return sendError(res, 422, 'INVALID_STATUS', 'status must be "success" or "failed".', { field: 'status' });
      if (body.errorMessage !== undefined && body.errorMessage !== null && typeof body.errorMessage !== 'string') {
        return sendError(res, 422, 'INVALID_TEXT', 'errorMessage must be a string.', { field: 'errorMessage' });
      }
      const ctx = instanceContext(deps, req);
      const r = await reportUpdate(
        ctx,
        { updateId: id, status: body.status, errorMessage: (body.errorMessage as string | undefined)?.slice(0, 2000) ?? null },
        { kind: 'instance', instanceId: instance.instanceId },
      ).catch((e) => {
        if ((e as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
        throw e;
      });
      if (!r) return sendError(res, 404, 'UPDATE_NOT_FOUND', 'No update with this id on this instance.');
      if (r.errors.length) {
        const e = r.errors[0];
        return sendError(res, e.code === 'UPDATE_NOT_IN_PROGRESS' ? 409 : 422, e.code, e.message, { field: e.field });
      }
      const u = r.update!;
      res.json({
        update: {
          id: u.id,
          status: u.status,
          fromVersionId: u.fromVersionId,
          toVersionId: u.toVersionId,
          completedAt: u.completedAt?.toISOString() ?? null,
          errorMessage: u.errorMessage,
        },
      });
    }),
  );

  router.use((_req: Request, res: Response) => sendError(res, 404, 'NOT_FOUND', 'No such instance API endpoint.'));
  // Errors: malformed JSON → 400; anything else is masked.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed') return sendError(res, 400, 'INVALID_JSON', 'The body is not valid JSON.');
    if (e?.type === 'entity.too.large') return sendError(res, 413, 'BODY_TOO_LARGE', 'The body is too large.');
    if (respondToOutage(err, res)) return;
    req.log.error({ err }, 'unexpected instance API error');
    sendError(res, 500, 'INTERNAL', maskedMessage(String(req.id)), { requestId: req.id });
  });

  app.use(INSTANCE_API_PREFIX, router);
}
