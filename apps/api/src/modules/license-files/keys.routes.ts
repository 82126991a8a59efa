import type { Express } from 'express';
import type { BaseDeps } from '../../core/context';
import { signingKeysOf } from './signing-keys';

/** The public key set (JWKS, every key with its id, active first): what verifiers need, no secret. */
export function mountSigningKeyRoutes(app: Express, deps: BaseDeps): void {
  app.get('/.well-known/webkernel-keys.json', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(signingKeysOf(deps.services).keySet());
  });
}
