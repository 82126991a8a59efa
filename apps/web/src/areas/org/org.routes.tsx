import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { OrgHomePage } from './pages/org-home.page';
import { MembersPage } from './members/pages/members.page';
import { InstancesRoutes } from './instances/instances.routes';
import { LicensesPage } from './licenses/licenses.page';
import { LicenseDetailPage } from './licenses/license-detail.page';
import { BillingHistoryPage } from './billing/billing-history.page';

/** The organization console: members of an org only (guarded in app/router.tsx). */
export default function OrgRoutes() {
  return (
    <Routes>
      <Route index element={<OrgHomePage />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="instances/*" element={<InstancesRoutes />} />
      <Route path="licenses" element={<LicensesPage />} />
      <Route path="licenses/:id" element={<LicenseDetailPage />} />
      <Route path="billing" element={<BillingHistoryPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
