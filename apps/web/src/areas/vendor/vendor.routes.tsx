import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { CurrentVendorProvider } from './components/current-vendor';
import { VendorHomePage } from './home/vendor-home.page';
import { ModuleNewPage } from './modules/module-new.page';
import { ModuleDetailPage } from './modules/module-detail.page';
import { VersionUploadPage } from './modules/version-upload.page';
import { VersionDetailPage } from './modules/version-detail.page';
import { ApiTokensPage } from './api-tokens/api-tokens.page';
import { VendorProfilePage } from './profile/vendor-profile.page';
import { VendorUsageRoutes } from './usage/usage.routes';
import { VendorSalesPage } from './sales/vendor-sales.page';
import { VendorPayoutsPage } from './sales/vendor-payouts.page';
import { ModulesListPage } from './modules/modules-list.page';
import { PortalNav } from './components/portal-nav';
import { VendorReviewsPage } from './reviews/vendor-reviews.page';
import { PromotionsPage } from './promotions/promotions.page';
import { AnalyticsPage } from './analytics/analytics.page';

/** The vendor portal: people who manage at least one vendor (guarded in app/router.tsx). */
export default function VendorRoutes() {
  return (
    <CurrentVendorProvider>
      <PortalNav />
      <Routes>
        <Route index element={<VendorHomePage />} />
        <Route path="modules" element={<ModulesListPage />} />
        <Route path="modules/new" element={<ModuleNewPage />} />
        <Route path="modules/:moduleId" element={<ModuleDetailPage />} />
        <Route path="modules/:moduleId/versions/new" element={<VersionUploadPage />} />
        <Route path="versions/:versionId" element={<VersionDetailPage />} />
        <Route path="tokens" element={<ApiTokensPage />} />
        <Route path="profile" element={<VendorProfilePage />} />
        <Route path="usage/*" element={<VendorUsageRoutes />} />
        <Route path="sales" element={<VendorSalesPage />} />
        <Route path="payouts" element={<VendorPayoutsPage />} />
        <Route path="reviews" element={<VendorReviewsPage />} />
        <Route path="promotions" element={<PromotionsPage />} />
        <Route path="analytics" element={<AnalyticsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </CurrentVendorProvider>
  );
}
