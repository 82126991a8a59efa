/** Signing keys, signed license files and artifact signatures (the public face of this module). */
export { loadSigningKeys, rotateSigningKeys, signingKeysOf, SigningKeyError, type SigningKeyRing } from './signing-keys';
export { issueLicenseFileForInstance } from './license-file.service';
export { LicenseFileResolver } from './license-file.resolver';
export { mountSigningKeyRoutes } from './keys.routes';
export {
  backfillArtifactSignatures,
  isSignableHash,
  signVersionArtifact,
  storedArtifactSignature,
  SIGNED_STATUSES,
} from './artifact-signing.service';
