import type { Express } from 'express';
import type { BaseDeps } from './core/context';
import { mountReceiptRoutes } from './modules/receipts/receipt.routes';
import { mountUploadRoutes } from './modules/uploads/upload.routes';
import { mountArtifactDownloadRoutes } from './modules/validation/artifact-download.routes';
import { mountInstanceApi } from './instance-api/instance-api.routes';
import { mountScreenshotRoutes } from './modules/listing/screenshot.routes';
import { mountSalesExportRoutes } from './modules/payouts/sales-export.routes';
import { mountSigningKeyRoutes } from './modules/license-files/keys.routes';
import { mountBillingRoutes } from './modules/billing/billing.routes';
import { mountCoreSurfaceUploadRoutes } from './modules/version-checks/core-surface-upload.routes';

/**
 * Non-GraphQL HTTP endpoints (streaming uploads/downloads, the instance API). Each domain
 * registers its routes here.
 */
export function mountRestRoutes(app: Express, deps: BaseDeps): void {
  // Registered by the artifacts and instance-api domains.
  mountReceiptRoutes(app, deps);
  mountBillingRoutes(app, deps);
  mountUploadRoutes(app, deps);
  mountCoreSurfaceUploadRoutes(app, deps);
  mountScreenshotRoutes(app, deps);
  mountSalesExportRoutes(app, deps);
  mountArtifactDownloadRoutes(app, deps);
  mountInstanceApi(app, deps);
  mountSigningKeyRoutes(app, deps);
}
