// The api-tokens module's public surface (vendors' publishing tokens for CI): other modules, jobs and the app import
// only this file.
export { VendorApiToken } from './api-token.types';
export { authenticateVendorToken, hashVendorToken, newVendorToken, PUBLISH_SCOPE, TOKEN_PREFIX, type TokenAuth } from './api-token.service';
