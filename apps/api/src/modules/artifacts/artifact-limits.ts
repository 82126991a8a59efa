/**
 * Size / shape limits applied to uploaded module artifacts (zip files).
 *
 * Every numeric limit has a safe default and (except the manifest size) can be
 * overridden from the environment. Invalid env values throw at load time so a
 * misconfiguration is caught at startup instead of silently disabling a limit.
 */

export const MiB = 1024 * 1024;
export const KiB = 1024;

export interface ArtifactLimits {
  /** Max size of the uploaded zip itself (bytes). Env: ARTIFACT_MAX_UPLOAD_BYTES. */
  maxUploadBytes: number;
  /** Max number of entries (files + directories) in the archive. Env: ARTIFACT_MAX_ENTRIES. */
  maxEntries: number;
  /** Max total uncompressed size of all entries (bytes). Env: ARTIFACT_MAX_UNCOMPRESSED_BYTES. */
  maxUncompressedBytes: number;
  /** Max uncompressed/compressed ratio, per entry and for the whole archive. Env: ARTIFACT_MAX_COMPRESSION_RATIO. */
  maxCompressionRatio: number;
  /**
   * The compression-ratio check only applies once the uncompressed size (of the entry, or of
   * the whole archive) exceeds this many bytes, so tiny highly-compressible files (e.g. a 2 KiB
   * file of spaces) are not false positives. The total-size limit still bounds everything.
   * Env: ARTIFACT_COMPRESSION_RATIO_MIN_BYTES.
   */
  compressionRatioMinBytes: number;
  /** Max size of webkernel-module.json (bytes). Fixed at 64 KiB by default. */
  maxManifestBytes: number;
}

export const DEFAULT_ARTIFACT_LIMITS: Readonly<ArtifactLimits> = Object.freeze({
  maxUploadBytes: 50 * MiB,
  maxEntries: 5000,
  maxUncompressedBytes: 500 * MiB,
  maxCompressionRatio: 100,
  compressionRatioMinBytes: 1 * MiB,
  maxManifestBytes: 64 * KiB,
});

type Env = Record<string, string | undefined>;

function readPositiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function readPositiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const trimmed = raw.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** Builds the limits from defaults + environment overrides. Throws on an invalid value. */
export function loadArtifactLimits(env: Env = process.env): ArtifactLimits {
  return {
    maxUploadBytes: readPositiveInt(env, 'ARTIFACT_MAX_UPLOAD_BYTES', DEFAULT_ARTIFACT_LIMITS.maxUploadBytes),
    maxEntries: readPositiveInt(env, 'ARTIFACT_MAX_ENTRIES', DEFAULT_ARTIFACT_LIMITS.maxEntries),
    maxUncompressedBytes: readPositiveInt(env, 'ARTIFACT_MAX_UNCOMPRESSED_BYTES', DEFAULT_ARTIFACT_LIMITS.maxUncompressedBytes),
    maxCompressionRatio: readPositiveNumber(env, 'ARTIFACT_MAX_COMPRESSION_RATIO', DEFAULT_ARTIFACT_LIMITS.maxCompressionRatio),
    compressionRatioMinBytes: readPositiveInt(
      env,
      'ARTIFACT_COMPRESSION_RATIO_MIN_BYTES',
      DEFAULT_ARTIFACT_LIMITS.compressionRatioMinBytes,
    ),
    maxManifestBytes: DEFAULT_ARTIFACT_LIMITS.maxManifestBytes,
  };
}
