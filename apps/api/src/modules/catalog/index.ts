// The catalog module's public surface: other modules, jobs and the app import only this file.
export { CatalogModule } from './catalog.types';
export { modulePreview } from './catalog.service';
export { priceSummary } from './catalog.pricing';
export { catalogPage, catalogPageSql, listed, moduleDetails } from './catalog.queries';
export type { PageQuery, SortName } from './catalog.queries';
export { CatalogVersion } from './catalog.types';
