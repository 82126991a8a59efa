import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DEFAULT_ARTIFACT_LIMITS } from './artifact-limits';
import { artifactKey, LocalArtifactStorage } from '.';
import { buildZipWithYazl, makeTempDir, manifestJson } from './test-support/zip-fixtures';
import { receiveUpload, sanitizeFilename, type ReceiveUploadResult } from './upload-receiver';
import { inspectZip } from './zip-inspect';
import { waitFor } from '../../test/wait';

const DEFAULT_MAX = 1024 * 1024; // 1 MiB for most tests

let dir: string;
let tmpDir: string;
let cleanup: () => Promise<void>;
let server: Server;
let baseUrl: string;
const results: ReceiveUploadResult[] = [];
const waiters: Array<(r: ReceiveUploadResult) => void> = [];

/** Resolves with the next result produced by the server (even if the client saw an error). */
function nextResult(): Promise<ReceiveUploadResult> {
  const r = results.shift();
  if (r) return Promise.resolve(r);
  return new Promise((resolve) => waiters.push(resolve));
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('wk-upload-'));
  tmpDir = path.join(dir, 'tmp');
  await writeFile(path.join(dir, 'not-a-dir'), 'x');
  server = createServer((req, res) => {
    const maxBytes = Number(req.headers['x-max-bytes'] ?? DEFAULT_MAX);
    // x-bad-tmp: a temp dir below a regular file, which cannot be created.
    const uploadDir = req.headers['x-bad-tmp'] ? path.join(dir, 'not-a-dir', 'tmp') : tmpDir;
    receiveUpload(req, { tmpDir: uploadDir, maxBytes, maxFields: 8, maxFieldBytes: 1024 }).then(
      (result) => {
        const waiter = waiters.shift();
        if (waiter) waiter(result);
        else results.push(result);
        const status = result.ok ? 200 : result.code === 'UPLOAD_TOO_LARGE' ? 413 : 400;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (!result.ok) headers.connection = 'close';
        res.writeHead(status, headers).end(JSON.stringify(result));
      },
      (err: Error) => {
        res.writeHead(500).end(err.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await cleanup();
});

afterEach(async () => {
  results.length = 0;
  waiters.length = 0;
  // Successful uploads leave their temp file for the caller; clean up between tests.
  await rm(tmpDir, { recursive: true, force: true });
});

function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

async function tmpFiles(): Promise<string[]> {
  try {
    return await readdir(tmpDir);
  } catch {
    return [];
  }
}

function form(fields: Record<string, string>, files: Array<{ field: string; data: Buffer; name: string }> = []): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: 'application/zip' }), f.name);
  return fd;
}

/** POSTs and returns both the HTTP status seen by the client (or the fetch error) and the server-side result. */
async function post(
  body: NonNullable<RequestInit['body']>,
  init: { headers?: Record<string, string>; query?: string; maxBytes?: number } = {},
): Promise<{ status: number | 'error'; result: ReceiveUploadResult }> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.maxBytes !== undefined) headers['x-max-bytes'] = String(init.maxBytes);
  const resultPromise = nextResult();
  const extra = typeof body === 'object' && body !== null && 'getReader' in body ? { duplex: 'half' as const } : {};
  const status = await fetch(`${baseUrl}/upload${init.query ?? ''}`, { method: 'POST', body, headers, ...extra }).then(
    async (res) => {
      await res.arrayBuffer();
      return res.status;
    },
    () => 'error' as const,
  );
  return { status, result: await resultPromise };
}

function expectFail(result: ReceiveUploadResult, code: string, message?: RegExp): void {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.code).toBe(code);
  if (message) expect(result.message).toMatch(message);
}

describe('receiveUpload: multipart/form-data', () => {
  it('streams the file to a temp file with the right sha256, collects text fields and the filename', async () => {
    const data = randomBytes(300_000);
    const { status, result } = await post(
      form({ slug: 'acme-blog', notes: 'first release ✓' }, [{ field: 'file', data, name: '../../acme-blog-1.2.3.zip' }]),
    );
    expect(status).toBe(200);
    if (!result.ok) throw new Error(result.message);
    expect(result.bytes).toBe(data.length);
    expect(result.sha256).toBe(sha256(data));
    expect(result.fields).toEqual({ slug: 'acme-blog', notes: 'first release ✓' });
    expect(result.filename).toBe('acme-blog-1.2.3.zip');
    expect((await readFile(result.tmpPath)).equals(data)).toBe(true);
    expect(path.dirname(result.tmpPath)).toBe(tmpDir);
    expect((await stat(result.tmpPath)).mode & 0o777).toBe(0o600);
  });

  it('full pipeline: upload → inspectZip → LocalArtifactStorage under modules/<slug>/<version>/<sha256>.zip', async () => {
    const zip = await buildZipWithYazl([
      { name: 'webkernel-module.json', data: manifestJson({ update: undefined }) },
      { name: 'src/Module.php', data: '<?php echo 1;' },
    ]);
    const { result } = await post(form({}, [{ field: 'file', data: zip, name: 'acme.zip' }]));
    if (!result.ok) throw new Error(result.message);
    expect(result.sha256).toBe(sha256(zip));

    const inspection = await inspectZip(result.tmpPath, DEFAULT_ARTIFACT_LIMITS);
    if (!inspection.ok) throw new Error(inspection.message);
    const storage = new LocalArtifactStorage(path.join(dir, 'store'));
    const key = artifactKey(inspection.manifest.slug, inspection.manifest.version, result.sha256);
    expect(key).toBe(`modules/acme-blog/1.2.3/${sha256(zip)}.zip`);
    await storage.put(key, result.tmpPath);
    expect(await storage.size(key)).toBe(zip.length);
  });

  it('accepts a file of exactly maxBytes', async () => {
    const data = randomBytes(50_000);
    const { result } = await post(form({}, [{ field: 'file', data, name: 'a.zip' }]), { maxBytes: 50_000 });
    expect(result).toMatchObject({ ok: true, bytes: 50_000, sha256: sha256(data) });
  });

  it('refuses maxBytes + 1 while streaming, and deletes the temp file', async () => {
    const { status, result } = await post(form({}, [{ field: 'file', data: randomBytes(50_001), name: 'a.zip' }]), { maxBytes: 50_000 });
    expectFail(result, 'UPLOAD_TOO_LARGE');
    expect(status).toBe(413);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses an over-limit upload (1.9 MiB against 1 MiB, within the Content-Length allowance) while streaming', async () => {
    const { status, result } = await post(form({ slug: 'x' }, [{ field: 'file', data: randomBytes(1.9 * 1024 * 1024), name: 'big.zip' }]));
    expectFail(result, 'UPLOAD_TOO_LARGE', /uploaded file exceeds the 1048576-byte limit/);
    expect(status).toBe(413);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses up-front when Content-Length is far above the limit', async () => {
    const { status, result } = await post(form({}, [{ field: 'file', data: randomBytes(3 * 1024 * 1024), name: 'big.zip' }]));
    expectFail(result, 'UPLOAD_TOO_LARGE', /Content-Length/);
    expect(status).toBe(413);
    expect(await tmpFiles()).toEqual([]);
  });

  it('UPLOAD_MISSING_FILE without a file part', async () => {
    const { status, result } = await post(form({ slug: 'acme' }));
    expectFail(result, 'UPLOAD_MISSING_FILE', /no file was sent/);
    expect(status).toBe(400);
  });

  it('UPLOAD_MISSING_FILE when "file" is sent as a text field', async () => {
    expectFail((await post(form({ file: 'C:\\fakepath\\x.zip' }))).result, 'UPLOAD_MISSING_FILE', /sent as text/);
  });

  it('UPLOAD_MISSING_FILE for an empty file', async () => {
    expectFail(
      (await post(form({}, [{ field: 'file', data: Buffer.alloc(0), name: 'empty.zip' }]))).result,
      'UPLOAD_MISSING_FILE',
      /empty/,
    );
    expect(await tmpFiles()).toEqual([]);
  });

  it('UPLOAD_MALFORMED for a file in another field', async () => {
    expectFail(
      (await post(form({}, [{ field: 'archive', data: randomBytes(10), name: 'a.zip' }]))).result,
      'UPLOAD_MALFORMED',
      /"archive"/,
    );
  });

  it('UPLOAD_MALFORMED for two files', async () => {
    const { result } = await post(
      form({}, [
        { field: 'file', data: randomBytes(1000), name: 'a.zip' },
        { field: 'file', data: randomBytes(1000), name: 'b.zip' },
      ]),
    );
    expectFail(result, 'UPLOAD_MALFORMED', /exactly one file/);
    expect(await tmpFiles()).toEqual([]);
  });

  it('UPLOAD_MALFORMED for repeated, too long or too many fields', async () => {
    const repeated = new FormData();
    repeated.append('slug', 'a');
    repeated.append('slug', 'b');
    expectFail((await post(repeated)).result, 'UPLOAD_MALFORMED', /more than once/);
    expectFail((await post(form({ notes: 'x'.repeat(2000) }))).result, 'UPLOAD_MALFORMED', /longer than 1024 bytes/);
    const many: Record<string, string> = {};
    for (let i = 0; i < 9; i++) many[`f${i}`] = 'v';
    expectFail((await post(form(many))).result, 'UPLOAD_MALFORMED', /more than 8 fields/);
  });

  it('UPLOAD_MALFORMED for a multipart content type without boundary', async () => {
    expectFail((await post('abc', { headers: { 'content-type': 'multipart/form-data' } })).result, 'UPLOAD_MALFORMED');
  });

  it('UPLOAD_MALFORMED for a truncated multipart body', async () => {
    const boundary = 'XBOUNDARYX';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n` +
      `Content-Type: application/zip\r\n\r\n${'z'.repeat(1000)}`; // no closing boundary
    const { result } = await post(body, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expectFail(result, 'UPLOAD_MALFORMED', /Unexpected end of form/);
    expect(await tmpFiles()).toEqual([]);
  });

  it('writes to disk while the upload is still in progress (streaming, not buffering)', async () => {
    const boundary = 'STREAMBOUNDARY';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.zip"\r\nContent-Type: application/zip\r\n\r\n`,
    );
    const part1 = randomBytes(256 * 1024);
    const part2 = randomBytes(256 * 1024);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const resultPromise = nextResult();
    const req = httpRequest(`${baseUrl}/upload`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    const responded = new Promise<number>((resolve) =>
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }),
    );
    req.write(head);
    req.write(part1);
    // Wait until most of the first half is on disk, while the request is still open.
    const onDisk = await waitFor('the first half of the upload on disk', async () => {
      const files = await tmpFiles();
      if (files.length !== 1) return 0;
      const size = (await stat(path.join(tmpDir, files[0]))).size;
      return size >= part1.length - 64 * 1024 ? size : 0;
    });
    expect(onDisk).toBeGreaterThan(0);
    req.end(Buffer.concat([part2, tail]));
    const result = await resultPromise;
    expect(await responded).toBe(200);
    expect(result).toMatchObject({ ok: true, bytes: part1.length + part2.length, sha256: sha256(Buffer.concat([part1, part2])) });
  });

  it('UPLOAD_MALFORMED when the client aborts mid-upload; the temp file is removed', async () => {
    const boundary = 'ABORTBOUNDARY';
    const resultPromise = nextResult();
    const req = httpRequest(`${baseUrl}/upload`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': '500000' },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.zip"\r\n\r\n`);
    req.write(randomBytes(100_000));
    // Abort only once the receiver has started the temp file (then its removal is what is proved).
    await waitFor('the temp file of the upload', async () => {
      const files = await tmpFiles();
      return files.length === 1 && (await stat(path.join(tmpDir, files[0]))).size > 0;
    });
    req.destroy();
    const result = await resultPromise;
    expectFail(result, 'UPLOAD_MALFORMED', /aborted/);
    expect(await tmpFiles()).toEqual([]);
  });
});

describe('receiveUpload: raw application/zip body', () => {
  it('accepts application/zip with fields from the query string', async () => {
    const data = randomBytes(200_000);
    const { status, result } = await post(new Blob([new Uint8Array(data)]), {
      headers: { 'content-type': 'application/zip' },
      query: '?slug=acme-blog&version=1.2.3&filename=dir%2Facme.zip',
    });
    expect(status).toBe(200);
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ bytes: data.length, sha256: sha256(data), filename: 'acme.zip' });
    expect(result.fields).toEqual({ slug: 'acme-blog', version: '1.2.3', filename: 'dir/acme.zip' });
    expect((await readFile(result.tmpPath)).equals(data)).toBe(true);
  });

  it('accepts application/octet-stream and takes the filename from Content-Disposition', async () => {
    const data = randomBytes(1000);
    const { result } = await post(new Blob([new Uint8Array(data)]), {
      headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="module.zip"' },
    });
    expect(result).toMatchObject({ ok: true, filename: 'module.zip', fields: {}, sha256: sha256(data) });
  });

  it('refuses up-front from Content-Length', async () => {
    const { status, result } = await post(new Blob([new Uint8Array(randomBytes(5000))]), {
      headers: { 'content-type': 'application/zip' },
      maxBytes: 4999,
    });
    expectFail(result, 'UPLOAD_TOO_LARGE', /Content-Length/);
    expect(status).toBe(413);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses while streaming when there is no Content-Length (chunked), and deletes the temp file', async () => {
    const chunk = randomBytes(64 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent++;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const { result } = await post(stream, { headers: { 'content-type': 'application/zip' }, maxBytes: 1024 * 1024 });
    expectFail(result, 'UPLOAD_TOO_LARGE', /exceeds/);
    expect(await tmpFiles()).toEqual([]);
  });

  it('accepts a chunked body of exactly maxBytes', async () => {
    const data = randomBytes(100_000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(data.subarray(0, 60_000)));
        controller.enqueue(new Uint8Array(data.subarray(60_000)));
        controller.close();
      },
    });
    const { result } = await post(stream, { headers: { 'content-type': 'application/zip' }, maxBytes: 100_000 });
    expect(result).toMatchObject({ ok: true, bytes: 100_000, sha256: sha256(data) });
  });

  it('UPLOAD_MISSING_FILE for an empty raw body', async () => {
    expectFail((await post(new Blob([]), { headers: { 'content-type': 'application/zip' } })).result, 'UPLOAD_MISSING_FILE');
  });

  it('UPLOAD_MALFORMED for unsupported content types and encodings, repeated query fields', async () => {
    expectFail((await post('hello', { headers: { 'content-type': 'text/plain' } })).result, 'UPLOAD_MALFORMED', /Content-Type/);
    expectFail(
      (await post(new Blob([new Uint8Array(10)]), { headers: { 'content-type': 'application/zip', 'content-encoding': 'gzip' } })).result,
      'UPLOAD_MALFORMED',
      /Content-Encoding/,
    );
    expectFail(
      (await post(new Blob([new Uint8Array(10)]), { headers: { 'content-type': 'application/zip' }, query: '?a=1&a=2' })).result,
      'UPLOAD_MALFORMED',
      /repeated/,
    );
  });
});

describe('receiveUpload: server-side errors', () => {
  it('rejects (not an UPLOAD_* failure) when the temp directory cannot be created', async () => {
    const res = await fetch(`${baseUrl}/upload`, {
      method: 'POST',
      headers: { 'x-bad-tmp': '1' },
      body: form({}, [{ field: 'file', data: randomBytes(100), name: 'a.zip' }]),
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('receiveUpload: resources', () => {
  it('leaves no file descriptor open after successful and failed uploads', async () => {
    const count = (): number => readdirSync('/proc/self/fd').length;
    const openConnections = () => new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    // Warm-up, then measure (the keep-alive client socket may be reused; close it between phases).
    await post(form({}, [{ field: 'file', data: randomBytes(1000), name: 'a.zip' }]));
    server.closeIdleConnections();
    await waitFor('the warm-up connection to close', async () => (await openConnections()) === 0);
    const before = count();
    for (let i = 0; i < 3; i++) {
      const ok = await post(form({}, [{ field: 'file', data: randomBytes(20_000), name: 'a.zip' }]));
      expect(ok.result.ok).toBe(true);
      await post(form({}, [{ field: 'file', data: randomBytes(60_000), name: 'a.zip' }]), { maxBytes: 50_000 });
      await post(form({ slug: 'x' }));
    }
    server.closeIdleConnections();
    await waitFor('the connections to close', async () => (await openConnections()) === 0);
    // Closed sockets release their descriptors as the event loop runs; a leak never gets there (the wait times out).
    await waitFor(`no more open descriptors than before (${before})`, () => count() <= before);
    expect(count()).toBeLessThanOrEqual(before);
  });
});

describe('sanitizeFilename', () => {
  it.each([
    ['acme.zip', 'acme.zip'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\mod.zip', 'mod.zip'],
    ['a\u0000b\nc.zip', 'abc.zip'],
    ['..', 'upload.zip'],
    ['', 'upload.zip'],
    [undefined, 'upload.zip'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });
});
