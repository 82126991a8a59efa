import { PageHeader } from '../../../shared/components/page-header';
import { CatalogBrowser } from './catalog-browser';

/** `/modules`: the whole catalog, with its filters in the URL. */
export function CatalogPage() {
  return (
    <>
      <PageHeader title="Modules" description="Find modules for your core version, compare vendors, versions and pricing." />
      <CatalogBrowser />
    </>
  );
}
