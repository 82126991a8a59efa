import type { Express } from 'express';
import type { BaseDeps } from './core/context';

/**
 * Non-GraphQL HTTP endpoints (streaming uploads/downloads, the instance API). Each domain
 * registers its routes here.
 */
export function mountRestRoutes(_app: Express, _deps: BaseDeps): void {
  // Registered by the artifacts and instance-api domains.
}
