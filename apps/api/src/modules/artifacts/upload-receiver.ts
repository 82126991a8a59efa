/**
 * Streams an uploaded artifact to a temp file while hashing it (SHA-256), never holding the
 * whole body in memory.
 *
 * Accepted bodies:
 *  - multipart/form-data with exactly one file part named "file" (other text parts → fields);
 *  - a raw application/zip (or application/octet-stream, application/x-zip-compressed) body;
 *    fields then come from the query string, the filename from ?filename= or Content-Disposition.
 *
 * On failure the temp file is deleted and the rest of the request body is drained and discarded
 * (req.resume()), so the caller can still send a response. Callers should answer failures with
 * `Connection: close` (413 for UPLOAD_TOO_LARGE, 400 otherwise) so a client that keeps sending
 * is cut off once the response is written.
 *
 * On success the caller owns `tmpPath` and must delete it when done.
 */
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

export type UploadErrorCode = 'UPLOAD_TOO_LARGE' | 'UPLOAD_MISSING_FILE' | 'UPLOAD_MALFORMED';

export interface ReceiveUploadOptions {
  /** Directory for temp files (created if missing). */
  tmpDir: string;
  /** Max size of the uploaded file in bytes (a file of exactly maxBytes is accepted). */
  maxBytes: number;
  /** Max number of text fields (multipart parts or query parameters). Default 32. */
  maxFields?: number;
  /** Max size of one text field value in bytes. Default 16 KiB. */
  maxFieldBytes?: number;
}

export interface ReceivedUpload {
  ok: true;
  tmpPath: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the file. */
  sha256: string;
  fields: Record<string, string>;
  /** Client-supplied file name, reduced to a safe base name (never used as a path by us). */
  filename: string;
}

export interface UploadFailure {
  ok: false;
  code: UploadErrorCode;
  message: string;
}

export type ReceiveUploadResult = ReceivedUpload | UploadFailure;

export const FILE_FIELD = 'file';
/** Allowance for multipart boundaries, part headers and text fields in the Content-Length check. */
export const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;
export const DEFAULT_FILENAME = 'upload.zip';
const RAW_TYPES = new Set(['application/zip', 'application/octet-stream', 'application/x-zip-compressed']);

/** Reduces a client-supplied file name to a harmless base name. */
export function sanitizeFilename(raw: string | undefined | null): string {
  if (!raw) return DEFAULT_FILENAME;
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? DEFAULT_FILENAME : cleaned;
}

function failure(code: UploadErrorCode, message: string): UploadFailure {
  return { ok: false, code, message };
}

/** Writes chunks from a source stream to a temp file, hashing and counting, with backpressure. */
class TempFileSink {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private readonly writer: WriteStream;
  private readonly closed: Promise<void>;
  private writeError: Error | null = null;
  private stopped = false;

  /** `onWriteError` is called (once) if the temp file cannot be created or written. */
  constructor(
    readonly tmpPath: string,
    private readonly maxBytes: number,
    onWriteError: (err: Error) => void,
  ) {
    this.writer = createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 });
    this.writer.on('error', (err) => {
      if (this.writeError) return;
      this.writeError = err;
      if (!this.stopped) {
        this.stopped = true;
        onWriteError(err);
      }
    });
    this.closed = new Promise((resolve) => this.writer.once('close', () => resolve()));
  }

  /** Consumes `source`; calls onTooLarge (once) as soon as more than maxBytes arrived. */
  attach(source: Readable, onTooLarge: () => void): void {
    source.on('data', (chunk: Buffer) => {
      if (this.stopped) return;
      this.bytes += chunk.length;
      if (this.bytes > this.maxBytes) {
        this.stopped = true;
        onTooLarge();
        return;
      }
      this.hash.update(chunk);
      if (!this.writer.write(chunk)) {
        source.pause();
        this.writer.once('drain', () => {
          if (!this.stopped) source.resume();
        });
      }
    });
    source.on('end', () => {
      if (!this.stopped) this.writer.end();
    });
  }

  /** Waits for the file to be fully written and closed. */
  async complete(): Promise<{ bytes: number; sha256: string }> {
    await this.closed;
    if (this.writeError) throw this.writeError;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing, closes and deletes the temp file. */
  async discard(): Promise<void> {
    this.stopped = true;
    this.writer.destroy();
    await this.closed;
    await rm(this.tmpPath, { force: true });
  }
}

function parseContentLength(req: IncomingMessage): number | null | 'invalid' {
  const raw = req.headers['content-length'];
  if (raw === undefined) return null;
  if (!/^\d+$/.test(raw)) return 'invalid';
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : 'invalid';
}

function filenameFromContentDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(header);
  return plain ? (plain[1] ?? plain[2]).trim() : undefined;
}

async function ensureDir(dir: string, req: IncomingMessage): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    req.resume(); // let the caller still answer (500)
    throw err;
  }
}

function tempPathIn(tmpDir: string): string {
  return path.join(tmpDir, `upload-${randomUUID()}.part`);
}

/**
 * Receives an artifact upload. Resolves with a failure object for client errors; rejects only
 * for server-side problems (e.g. the temp directory is not writable).
 */
export async function receiveUpload(req: IncomingMessage, options: ReceiveUploadOptions): Promise<ReceiveUploadResult> {
  const { tmpDir, maxBytes } = options;
  const maxFields = options.maxFields ?? 32;
  const maxFieldBytes = options.maxFieldBytes ?? 16 * 1024;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new Error('receiveUpload: maxBytes must be a positive integer');

  const early = (code: UploadErrorCode, message: string): UploadFailure => {
    req.resume(); // discard the body so a response can still be sent
    return failure(code, message);
  };

  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.trim().toLowerCase() !== 'identity') {
    return early('UPLOAD_MALFORMED', `unsupported Content-Encoding ${JSON.stringify(encoding)}`);
  }
  const contentLength = parseContentLength(req);
  if (contentLength === 'invalid') return early('UPLOAD_MALFORMED', 'invalid Content-Length header');

  const contentType = req.headers['content-type'] ?? '';
  const mime = contentType.split(';')[0].trim().toLowerCase();

  if (mime === 'multipart/form-data') {
    if (contentLength !== null && contentLength > maxBytes + MULTIPART_OVERHEAD_BYTES) {
      return early('UPLOAD_TOO_LARGE', `upload of ${contentLength} bytes exceeds the ${maxBytes}-byte limit (Content-Length)`);
    }
    await ensureDir(tmpDir, req);
    return receiveMultipart(req, { tmpDir, maxBytes, maxFields, maxFieldBytes });
  }

  if (RAW_TYPES.has(mime)) {
    if (contentLength !== null && contentLength > maxBytes) {
      return early('UPLOAD_TOO_LARGE', `upload of ${contentLength} bytes exceeds the ${maxBytes}-byte limit (Content-Length)`);
    }
    if (contentLength === 0) return early('UPLOAD_MISSING_FILE', 'request body is empty');
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const fields = new Map<string, string>();
    for (const [name, value] of query) {
      if (fields.has(name)) return early('UPLOAD_MALFORMED', `query parameter "${name}" is repeated`);
      if (fields.size >= maxFields) return early('UPLOAD_MALFORMED', `more than ${maxFields} query parameters`);
      if (Buffer.byteLength(value) > maxFieldBytes)
        return early('UPLOAD_MALFORMED', `query parameter "${name}" is longer than ${maxFieldBytes} bytes`);
      fields.set(name, value);
    }
    const filename = sanitizeFilename(fields.get('filename') ?? filenameFromContentDisposition(req.headers['content-disposition']));
    await ensureDir(tmpDir, req);
    return receiveRaw(req, { tmpDir, maxBytes, fields: Object.fromEntries(fields), filename });
  }

  return early(
    'UPLOAD_MALFORMED',
    contentType
      ? `unsupported Content-Type ${JSON.stringify(mime)}; send multipart/form-data or application/zip`
      : 'missing Content-Type; send multipart/form-data or application/zip',
  );
}

function receiveRaw(
  req: IncomingMessage,
  opts: { tmpDir: string; maxBytes: number; fields: Record<string, string>; filename: string },
): Promise<ReceiveUploadResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (code: UploadErrorCode, message: string): void => {
      if (settled) return;
      settled = true;
      req.resume();
      sink.discard().then(() => resolve(failure(code, message)), reject);
    };
    const serverError = (err: Error): void => {
      if (settled) return;
      settled = true;
      req.resume();
      sink.discard().then(() => reject(err), reject);
    };
    const sink = new TempFileSink(tempPathIn(opts.tmpDir), opts.maxBytes, serverError);

    req.on('aborted', () => fail('UPLOAD_MALFORMED', 'request aborted by the client'));
    req.on('error', (err) => fail('UPLOAD_MALFORMED', `request failed: ${err.message}`));
    req.on('close', () => {
      if (!req.complete) fail('UPLOAD_MALFORMED', 'request aborted by the client');
    });

    sink.attach(req, () => fail('UPLOAD_TOO_LARGE', `upload exceeds the ${opts.maxBytes}-byte limit`));
    req.on('end', () => {
      sink.complete().then(({ bytes, sha256 }) => {
        if (settled) return;
        if (bytes === 0) return fail('UPLOAD_MISSING_FILE', 'request body is empty');
        settled = true;
        resolve({ ok: true, tmpPath: sink.tmpPath, bytes, sha256, fields: opts.fields, filename: opts.filename });
      }, serverError);
    });
  });
}

function receiveMultipart(
  req: IncomingMessage,
  opts: { tmpDir: string; maxBytes: number; maxFields: number; maxFieldBytes: number },
): Promise<ReceiveUploadResult> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          // busboy flags a file as truncated when it *reaches* fileSize; +1 so exactly maxBytes is allowed.
          fileSize: opts.maxBytes + 1,
          files: 1,
          fields: opts.maxFields,
          fieldSize: opts.maxFieldBytes,
          fieldNameSize: 200,
          headerPairs: 32,
        },
      });
    } catch (err) {
      req.resume();
      resolve(failure('UPLOAD_MALFORMED', `malformed multipart request: ${(err as Error).message}`));
      return;
    }

    const fields = new Map<string, string>();
    let sink: TempFileSink | null = null;
    let filename = DEFAULT_FILENAME;
    let fileSentAsText = false;
    let settled = false;

    /** Stops parsing, discards the rest of the body and the temp file, then calls `settle`. */
    const stop = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      // Tear down on the next tick: stop() runs inside busboy callbacks (e.g. the 'limit' event),
      // and destroying busboy synchronously there crashes busboy when the callback returns.
      setImmediate(() => {
        req.unpipe(bb);
        req.resume();
        bb.destroy();
        const cleanup = sink ? sink.discard() : Promise.resolve();
        cleanup.then(settle, reject);
      });
    };
    const fail = (code: UploadErrorCode, message: string): void => stop(() => resolve(failure(code, message)));
    const serverError = (err: Error): void => stop(() => reject(err));

    bb.on('file', (name, stream, info) => {
      stream.on('error', () => undefined); // errors surface through busboy / request handlers
      if (settled || name !== FILE_FIELD || sink) {
        stream.resume();
        if (name !== FILE_FIELD) {
          fail('UPLOAD_MALFORMED', `unexpected file field ${JSON.stringify(name)}; send the archive in the "${FILE_FIELD}" field`);
        } else if (sink) {
          fail('UPLOAD_MALFORMED', `exactly one file must be sent in the "${FILE_FIELD}" field`);
        }
        return;
      }
      filename = sanitizeFilename(info.filename);
      sink = new TempFileSink(tempPathIn(opts.tmpDir), opts.maxBytes, serverError);
      const tooLarge = (): void => fail('UPLOAD_TOO_LARGE', `uploaded file exceeds the ${opts.maxBytes}-byte limit`);
      stream.on('limit', tooLarge);
      sink.attach(stream, tooLarge);
    });

    bb.on('field', (name, value, info) => {
      if (settled) return;
      if (info.nameTruncated) return fail('UPLOAD_MALFORMED', 'a field name is too long');
      if (info.valueTruncated) return fail('UPLOAD_MALFORMED', `field "${name}" is longer than ${opts.maxFieldBytes} bytes`);
      if (name === FILE_FIELD) {
        fileSentAsText = true;
        return;
      }
      if (fields.has(name)) return fail('UPLOAD_MALFORMED', `field "${name}" is sent more than once`);
      fields.set(name, value);
    });

    bb.on('filesLimit', () => fail('UPLOAD_MALFORMED', `exactly one file must be sent in the "${FILE_FIELD}" field`));
    bb.on('fieldsLimit', () => fail('UPLOAD_MALFORMED', `more than ${opts.maxFields} fields`));
    bb.on('error', (err: unknown) => fail('UPLOAD_MALFORMED', `malformed multipart body: ${(err as Error)?.message ?? String(err)}`));

    req.on('aborted', () => fail('UPLOAD_MALFORMED', 'request aborted by the client'));
    req.on('error', (err) => fail('UPLOAD_MALFORMED', `request failed: ${err.message}`));
    req.on('close', () => {
      if (!req.complete) fail('UPLOAD_MALFORMED', 'request aborted by the client');
    });

    bb.on('close', () => {
      if (settled) return;
      const currentSink = sink;
      if (!currentSink) {
        return fail(
          'UPLOAD_MISSING_FILE',
          fileSentAsText
            ? `field "${FILE_FIELD}" was sent as text; attach the archive as a file`
            : `no file was sent in the "${FILE_FIELD}" field`,
        );
      }
      currentSink.complete().then(({ bytes, sha256 }) => {
        if (settled) return;
        if (bytes === 0) return fail('UPLOAD_MISSING_FILE', 'uploaded file is empty');
        settled = true;
        resolve({ ok: true, tmpPath: currentSink.tmpPath, bytes, sha256, fields: Object.fromEntries(fields), filename });
      }, serverError);
    });

    req.pipe(bb);
  });
}
