/**
 * Size / shape limits applied to uploaded module artifacts (zip files).
 *
 * Every numeric limit has a safe default and (except the manifest size) can be
 * overridden from the environment: core/config.ts reads the ARTIFACT_MAX_* variables, and an
 * invalid value stops the start instead of silently disabling a limit.
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
