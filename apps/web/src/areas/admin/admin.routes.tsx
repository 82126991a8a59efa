import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { AdminHomePage } from './home/admin-home.page';
import { AdminSectionPage } from './home/admin-section.page';
import { AdminPayoutsPage } from './payouts/admin-payouts.page';
import { AdminLicensesPage } from './licenses/admin-licenses.page';
import { ValidationQueuePage } from './validation/validation-queue.page';
import { SubmissionReviewPage } from './validation/submission-review.page';
import { AdminVendorsPage } from './vendors/admin-vendors.page';
import { SoftwaresPage } from './softwares/softwares.page';
import { TaxRulesPage } from './tax-rules/tax-rules.page';
import { CouponsPage } from './coupons/coupons.page';
import { AuditLogPage } from './audit/audit-log.page';

/** Platform admins only (guarded in app/router.tsx). */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminHomePage />} />
      <Route path="payouts" element={<AdminPayoutsPage />} />
      <Route path="licenses" element={<AdminLicensesPage />} />
      <Route path="validation" element={<ValidationQueuePage />} />
      <Route path="validation/:id" element={<SubmissionReviewPage />} />
      <Route path="vendors" element={<AdminVendorsPage />} />
      <Route path="softwares" element={<SoftwaresPage />} />
      <Route path="tax-rules" element={<TaxRulesPage />} />
      <Route path="coupons" element={<CouponsPage />} />
      <Route path="audit-log" element={<AuditLogPage />} />
      <Route path=":section" element={<AdminSectionPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
