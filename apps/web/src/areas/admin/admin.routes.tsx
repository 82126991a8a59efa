import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { AdminHomePage } from './pages/admin-home.page';
import { AdminSectionPage } from './pages/admin-section.page';
import { AdminPayoutsPage } from './payouts/admin-payouts.page';
import { AdminLicensesPage } from './licenses/admin-licenses.page';

/** Platform admins only (guarded in app/router.tsx). */
export default function AdminRoutes() {
  return (
    <Routes>
      <Route index element={<AdminHomePage />} />
      <Route path="payouts" element={<AdminPayoutsPage />} />
      <Route path="licenses" element={<AdminLicensesPage />} />
      <Route path=":section" element={<AdminSectionPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
