import { DEFAULT_ARTIFACT_LIMITS } from './artifact-limits';
import { loadConfig } from '../../core/config';

/** The ARTIFACT_MAX_* variables as core/config.ts reads them. */
const loadArtifactLimits = (env: Record<string, string>) => loadConfig(env).artifactLimits;

describe('artifact limits', () => {
  it('has the documented defaults', () => {
    expect(loadArtifactLimits({})).toEqual({
      maxUploadBytes: 50 * 1024 * 1024,
      maxEntries: 5000,
      maxUncompressedBytes: 500 * 1024 * 1024,
      maxCompressionRatio: 100,
      compressionRatioMinBytes: 1024 * 1024,
      maxManifestBytes: 64 * 1024,
    });
    expect(Object.isFrozen(DEFAULT_ARTIFACT_LIMITS)).toBe(true);
  });

  it('reads overrides from the environment', () => {
    const limits = loadArtifactLimits({
      ARTIFACT_MAX_UPLOAD_BYTES: '1048576',
      ARTIFACT_MAX_ENTRIES: ' 10 ',
      ARTIFACT_MAX_UNCOMPRESSED_BYTES: '2097152',
      ARTIFACT_MAX_COMPRESSION_RATIO: '12.5',
      ARTIFACT_COMPRESSION_RATIO_MIN_BYTES: '4096',
    });
    expect(limits).toMatchObject({
      maxUploadBytes: 1048576,
      maxEntries: 10,
      maxUncompressedBytes: 2097152,
      maxCompressionRatio: 12.5,
      compressionRatioMinBytes: 4096,
      maxManifestBytes: 64 * 1024,
    });
  });

  it('ignores empty values', () => {
    expect(loadArtifactLimits({ ARTIFACT_MAX_ENTRIES: '' }).maxEntries).toBe(5000);
  });

  it.each([
    ['ARTIFACT_MAX_UPLOAD_BYTES', '50MB'],
    ['ARTIFACT_MAX_UPLOAD_BYTES', '-1'],
    ['ARTIFACT_MAX_ENTRIES', '0'],
    ['ARTIFACT_MAX_ENTRIES', '1.5'],
    ['ARTIFACT_MAX_UNCOMPRESSED_BYTES', '1e9'],
    ['ARTIFACT_MAX_COMPRESSION_RATIO', '0'],
    ['ARTIFACT_MAX_COMPRESSION_RATIO', 'abc'],
    ['ARTIFACT_MAX_UPLOAD_BYTES', '99999999999999999999'],
  ])('throws on invalid %s=%j, naming the variable', (name, value) => {
    expect(() => loadArtifactLimits({ [name]: value })).toThrow(name);
  });
});
