/**
 * Artifacts in an S3 bucket or an S3-compatible server (ARTIFACT_STORAGE=s3), through the AWS SDK:
 * SigV4 signing, retries with backoff (`maxAttempts`, standard retry mode), multipart uploads for
 * large artifacts (@aws-sdk/lib-storage, parts uploaded in parallel, the upload aborted on failure),
 * and the standard credential chain when no static keys are configured (environment, shared
 * config/credentials files, web identity, ECS/EC2 instance roles).
 */
import { createReadStream as fsCreateReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig, S3ServiceException } from '@aws-sdk/client-s3';
import { ArtifactNotFoundError, assertValidArtifactKey, type ArtifactStorage, type StoredObject } from './artifact-storage';

export interface S3StorageConfig {
  /** e.g. http://127.0.0.1:9000 for an S3-compatible server; unset → AWS's endpoint for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Static keys; when unset, the SDK's standard credential chain is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** true: <endpoint>/<bucket>/<key> (most S3-compatible servers); false: virtual-hosted style. */
  forcePathStyle?: boolean;
  /** Attempts per request, retries included (default 4). */
  maxAttempts?: number;
  /** Multipart part size in bytes (≥ 5 MiB; default 8 MiB). Smaller artifacts go in one PUT. */
  partSizeBytes?: number;
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdk: S3Sdk | undefined;
/**
 * The AWS SDK is loaded when an S3 storage is created (ARTIFACT_STORAGE=s3), not by every process
 * that imports the artifacts module: it costs about 20 MiB of memory (issue 16). The constructor
 * builds its client synchronously, hence a require.
 */
function s3Sdk(): S3Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (sdk ??= require('@aws-sdk/client-s3') as S3Sdk);
}

/** A failure reported by S3 (or the network under it), with the S3 error code when there is one. */
export class S3StorageError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly s3Code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'S3StorageError';
  }
}

const isS3Error = (e: unknown): e is S3ServiceException => e instanceof s3Sdk().S3ServiceException;

const isNotFound = (e: unknown) => isS3Error(e) && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);

function wrap(e: unknown, action: string, key: string): Error {
  if (isS3Error(e))
    return new S3StorageError(
      `S3 ${action} ${key} failed: ${e.name} (HTTP ${e.$metadata?.httpStatusCode ?? '?'})`,
      e.$metadata?.httpStatusCode ?? null,
      e.name,
      {
        cause: e,
      },
    );
  const msg = e instanceof Error ? e.message : String(e);
  return new S3StorageError(`S3 ${action} ${key} failed: ${msg}`, null, undefined, { cause: e });
}

export class S3ArtifactStorage implements ArtifactStorage {
  readonly client: S3Client;
  private readonly sdk = s3Sdk();
  private readonly partSize: number;

  constructor(
    private readonly config: S3StorageConfig,
    options: { client?: S3Client } = {},
  ) {
    if (!config.bucket) throw new Error('S3ArtifactStorage: bucket is required');
    if (!config.region) throw new Error('S3ArtifactStorage: region is required');
    this.partSize = Math.max(MIN_PART_SIZE, config.partSizeBytes ?? 8 * 1024 * 1024);
    const clientConfig: S3ClientConfig = {
      region: config.region,
      forcePathStyle: config.forcePathStyle ?? false,
      maxAttempts: config.maxAttempts ?? 4,
      retryMode: 'standard',
      // Checksums only where S3 requires them: S3-compatible servers do not all accept the
      // aws-chunked trailing checksums the SDK sends by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    if (config.endpoint) clientConfig.endpoint = config.endpoint;
    if (config.accessKeyId && config.secretAccessKey) {
      clientConfig.credentials = {
        accessKeyId: config.accessKeyId,
        secretAccessKey: config.secretAccessKey,
        ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
      };
    }
    this.client = options.client ?? new this.sdk.S3Client(clientConfig);
  }

  get bucket(): string {
    return this.config.bucket;
  }

  async put(key: string, sourceFilePath: string): Promise<void> {
    assertValidArtifactKey(key);
    const { Upload } = await import('@aws-sdk/lib-storage');
    const body = fsCreateReadStream(sourceFilePath);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: 'application/zip' },
      partSize: this.partSize,
      queueSize: 4,
      // On failure the multipart upload is aborted: no object, no parts left (when S3 is reachable;
      // otherwise the bucket's AbortIncompleteMultipartUpload lifecycle rule removes the parts).
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      throw wrap(e, 'PUT', key);
    } finally {
      body.destroy();
    }
  }

  async createReadStream(key: string): Promise<Readable> {
    assertValidArtifactKey(key);
    try {
      const res = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return res.Body as Readable;
    } catch (e) {
      if (isNotFound(e)) throw new ArtifactNotFoundError(key);
      throw wrap(e, 'GET', key);
    }
  }

  private async head(key: string): Promise<{ size: number } | null> {
    assertValidArtifactKey(key);
    try {
      const res = await this.client.send(new this.sdk.HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return { size: res.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw wrap(e, 'HEAD', key);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async size(key: string): Promise<number> {
    const h = await this.head(key);
    if (!h) throw new ArtifactNotFoundError(key);
    return h.size;
  }

  async delete(key: string): Promise<void> {
    assertValidArtifactKey(key);
    try {
      await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
    } catch (e) {
      if (isNotFound(e)) return;
      throw wrap(e, 'DELETE', key);
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    try {
      for await (const page of this.sdk.paginateListObjectsV2({ client: this.client }, { Bucket: this.config.bucket, Prefix: prefix })) {
        for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, lastModified: o.LastModified ?? new Date(0) };
      }
    } catch (e) {
      throw wrap(e, 'LIST', prefix);
    }
  }
}
