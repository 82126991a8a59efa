/**
 * Test-only helpers for the publishing, validation and admin tests: module zips, the upload
 * endpoint, and the usual vendor → admin flow through the real API. Not imported by production code.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ARTIFACT_LIMITS, LocalArtifactStorage, type ArtifactLimits } from '../../artifacts';
import { buildZipWithYazl, type YazlEntry } from '../../artifacts/test-support/zip-fixtures';
import type { TestApp, TestAppOptions } from '../../../test/harness';
import { runVersionChecks } from '../../version-checks/version-checks.service';

export const MANIFEST = 'webkernel-module.json';

export interface ManifestInput {
  slug: string;
  version: string;
  core?: { software: string; min: string; max?: string | null }[];
  dependencies?: { module: string; minVersion: string; required: boolean; type: 'functional' | 'integration' }[];
  update?: { migrationScript?: string; rollbackScript?: string };
  permissions?: unknown[];
}

export function manifestOf(m: ManifestInput): Record<string, unknown> {
  return {
    slug: m.slug,
    version: m.version,
    core: m.core ?? [{ software: 'webkernel', min: '2.0.0', max: null }],
    ...(m.dependencies ? { dependencies: m.dependencies } : {}),
    ...(m.update ? { update: m.update } : {}),
    ...(m.permissions ? { permissions: m.permissions } : {}),
  };
}

/** A valid module archive: the manifest, a source file, and the update scripts it names. */
export async function moduleZip(m: ManifestInput, extra: YazlEntry[] = []): Promise<Buffer> {
  const scripts = [m.update?.migrationScript, m.update?.rollbackScript]
    .filter((x): x is string => !!x)
    .map((name) => ({ name, data: `<?php // ${name}` }));
  return buildZipWithYazl([
    { name: MANIFEST, data: JSON.stringify(manifestOf(m)) },
    { name: 'src/Module.php', data: `<?php // ${m.slug} ${m.version}\n` },
    ...scripts,
    ...extra,
  ]);
}

/** Per-test-file storage root, temp upload dir and (small) limits, with a cleanup. */
export function publishingSandbox(limits: Partial<ArtifactLimits> = {}) {
  const root = mkdtempSync(path.join(tmpdir(), 'wk-pub-test-'));
  const storageDir = path.join(root, 'storage');
  const uploadDir = path.join(root, 'uploads');
  const storage = new LocalArtifactStorage(storageDir);
  const options: TestAppOptions = {
    services: { storage, uploadTmpDir: uploadDir, artifactLimits: { ...DEFAULT_ARTIFACT_LIMITS, ...limits } },
  };
  const files = (dir: string): string[] => {
    try {
      return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));
    } catch {
      return [];
    }
  };
  return {
    storage,
    options,
    storedFiles: () => files(storageDir).map((f) => path.relative(storageDir, f)),
    tempFiles: () => files(uploadDir),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface UploadOptions {
  as?: string;
  token?: string;
  fields?: Record<string, string>;
  /** Send the x-wk-upload header (default true with a session). */
  csrf?: boolean;
  filename?: string;
  /** Send the zip as a raw application/zip body, fields in the query string. */
  raw?: boolean;
}

export async function uploadArtifact(
  t: TestApp,
  moduleId: number | string,
  zip: Buffer,
  o: UploadOptions = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (o.as) headers.cookie = await t.sessionCookie(o.as);
  if (o.as && o.csrf !== false) headers['x-wk-upload'] = '1';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let url = `${t.baseUrl}/api/vendor/modules/${moduleId}/artifacts`;
  let body: BodyInit;
  if (o.raw) {
    headers['content-type'] = 'application/zip';
    const q = new URLSearchParams(o.fields ?? {});
    url += `?${q.toString()}`;
    body = new Uint8Array(zip);
  } else {
    const fd = new FormData();
    for (const [k, v] of Object.entries(o.fields ?? {})) fd.append(k, v);
    fd.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), o.filename ?? 'module.zip');
    body = fd;
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

const MODULE_CREATE = `mutation($input: ModuleCreateInput!) { moduleCreate(input: $input) { module { id slug status } errors { code field message } } }`;

export async function createModule(
  t: TestApp,
  as: string,
  vendorId: number,
  slug: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const r = await t.gqlOk(
    MODULE_CREATE,
    {
      input: {
        vendorId,
        slug,
        name: slug
          .split('-')
          .map((w) => w[0].toUpperCase() + w.slice(1))
          .join(' '),
        type: 'ready_made',
        ...extra,
      },
    },
    { as },
  );
  if (r.moduleCreate.errors.length) throw new Error(JSON.stringify(r.moduleCreate.errors));
  return r.moduleCreate.module.id;
}

/** Uploads (and by default submits) a version; returns its id. */
export async function uploadVersion(
  t: TestApp,
  as: string,
  moduleId: number,
  m: ManifestInput,
  fields: Record<string, string> = {},
): Promise<number> {
  const r = await uploadArtifact(t, moduleId, await moduleZip(m), {
    as,
    fields: { changelog: `Release ${m.version}`, submit: 'true', ...fields },
  });
  if (r.status !== 201) throw new Error(`upload failed ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.version.id;
}

/** Runs a version's queued automated checks, as the version-checks job does. */
export async function runChecks(t: TestApp, versionId: number) {
  return runVersionChecks({ prisma: t.prisma, config: t.config, clock: t.clock, services: t.services }, versionId);
}

export async function validationIdOf(t: TestApp, versionId: number): Promise<number> {
  const v = await t.prisma.moduleValidation.findFirstOrThrow({ where: { versionId }, orderBy: { id: 'desc' } });
  return v.id;
}

const RECORD = `mutation($input: ValidationRecordChecksInput!) { validationRecordChecks(input: $input) { submission { id } errors { code field message } } }`;
const APPROVE = `mutation($input: ValidationApproveInput!) { validationApprove(input: $input) { submission { id status } errors { code field message } } }`;

/** Runs the automated checks (as the job would), records a passed code review and approves, as the platform admin. */
export async function approveVersion(t: TestApp, versionId: number): Promise<void> {
  await runChecks(t, versionId);
  const validationId = await validationIdOf(t, versionId);
  const r1 = await t.gqlOk(RECORD, { input: { validationId, codeReviewPassed: true } }, { as: 'admin@webkernel.com' });
  if (r1.validationRecordChecks.errors.length) throw new Error(JSON.stringify(r1.validationRecordChecks.errors));
  const r2 = await t.gqlOk(APPROVE, { input: { validationId } }, { as: 'admin@webkernel.com' });
  if (r2.validationApprove.errors.length) throw new Error(JSON.stringify(r2.validationApprove.errors));
}
