/**
 * Pluggable infrastructure the domains use (payments, artifact storage, mail, jobs).
 * Domains extend this interface as they add services; tests pass their own real implementations.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Services {
  [name: string]: unknown;
}
