/** Signing keys, signed license files and artifact signatures (the public face of this module). */
export { loadSigningKeys, rotateSigningKeys, signingKeysOf, SigningKeyError, type SigningKeyRing } from './signing-keys';
export { issueLicenseFileForInstance } from './license-file.service';
export {
  backfillArtifactSignatures,
  isSignableHash,
  signVersionArtifact,
  storedArtifactSignature,
  SIGNED_STATUSES,
} from './artifact-signing.service';
