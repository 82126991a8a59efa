import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { VendorUsagePage } from './vendor-usage.page';
import { VendorModuleUsagePage } from './vendor-module-usage.page';

/** /vendor/usage/* — usage and errors of the vendor's modules (mounted by vendor.routes.tsx). */
export function VendorUsageRoutes() {
  return (
    <Routes>
      <Route index element={<VendorUsagePage />} />
      <Route path=":moduleId" element={<VendorModuleUsagePage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
