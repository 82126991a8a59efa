/**
 * Pluggable infrastructure the domains use (payments, artifact storage, mail, jobs).
 * Domains extend this interface as they add services; tests pass their own real implementations.
 */
export interface Services {
  [name: string]: unknown;
  /** Payment provider (modules/payments): the built-in sandbox unless configured otherwise. */
  payments?: import('../modules/payments/payment-provider').PaymentProvider;
  /** Outgoing e-mail (modules/notifications/mailer): file transport, or SMTP with SMTP_URL. */
  mailer?: import('../modules/notifications/mailer').Mailer;
  /** Module artifact storage (modules/artifacts): a local directory, or S3 with ARTIFACT_STORAGE=s3. */
  storage?: import('../modules/artifacts/artifact-storage').ArtifactStorage;
  /** Upload and zip-inspection limits (ARTIFACT_MAX_* variables). */
  artifactLimits?: import('../modules/artifacts/artifact-limits').ArtifactLimits;
  /** Budgets and timeout of the automated review checks (REVIEW_* variables). */
  reviewLimits?: import('../modules/version-checks/review-limits').ReviewLimits;
  /** Hands work to the job workers (set once the job runner has started; absent in tests without one). */
  jobs?: { send(name: string, data: object): Promise<unknown> };
  /** Where uploads are streamed before inspection (UPLOAD_TMP_DIR, default <os tmp>/wk-uploads). */
  uploadTmpDir?: string;
  /** The platform's signing keys (modules/license-files): SIGNING_KEYS / SIGNING_KEYS_FILE. */
  signing?: import('../modules/license-files/signing-keys').SigningKeyRing;
}
