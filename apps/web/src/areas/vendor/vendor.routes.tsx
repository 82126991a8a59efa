import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { VendorHomePage } from './pages/vendor-home.page';
import { VendorUsageRoutes } from './usage/usage.routes';

/** The vendor portal: people who manage at least one vendor (guarded in app/router.tsx). */
export default function VendorRoutes() {
  return (
    <Routes>
      <Route index element={<VendorHomePage />} />
      <Route path="usage/*" element={<VendorUsageRoutes />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
