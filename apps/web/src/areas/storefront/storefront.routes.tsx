import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { StorefrontHomePage } from './pages/storefront-home.page';

/** Public area: the catalog and its pages. Mounted at `/*`, so it also answers unknown paths. */
export default function StorefrontRoutes() {
  return (
    <Routes>
      <Route index element={<StorefrontHomePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
