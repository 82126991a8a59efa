import type { StorageConfig } from '../../core/config';
import type { ArtifactStorage } from './artifact-storage';
import { LocalArtifactStorage } from './local-artifact-storage';
import { S3ArtifactStorage } from './s3-artifact-storage';

/**
 * The storage of `config.storage` (README "Configuration": ARTIFACT_STORAGE, ARTIFACT_DIR, S3_*,
 * parsed and checked in core/config.ts).
 */
export function createArtifactStorage(config: StorageConfig): ArtifactStorage {
  if (config.kind === 'local') return new LocalArtifactStorage(config.dir);
  const { kind: _kind, ...s3 } = config;
  return new S3ArtifactStorage(s3);
}
