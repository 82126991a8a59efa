import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { OrgHomePage } from './home/org-home.page';
import { MembersPage } from './members/members.page';
import { InstancesRoutes } from './instances/instances.routes';
import { LicensesPage } from './licenses/licenses.page';
import { LicenseDetailPage } from './licenses/license-detail.page';
import { OrgSettingsPage } from './settings/org-settings.page';
import { PaymentMethodsPage } from './payment-methods/payment-methods.page';
import { OrgAuditLogPage } from './audit/org-audit-log.page';
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
      <Route path="settings" element={<OrgSettingsPage />} />
      <Route path="payment-methods" element={<PaymentMethodsPage />} />
      <Route path="audit-log" element={<OrgAuditLogPage />} />
      <Route path="billing" element={<BillingHistoryPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
