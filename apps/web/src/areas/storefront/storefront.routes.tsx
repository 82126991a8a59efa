import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { PageLoading } from '../../shared/components/page-states';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { StorefrontHomePage } from './home/storefront-home.page';
import { ReferralCapture } from './components/referral';

// Each page is its own chunk: a visitor of /modules downloads the catalog, not checkout or the module page.
const CatalogPage = lazy(() => import('./catalog/catalog.page').then((m) => ({ default: m.CatalogPage })));
const InvitationPage = lazy(() => import('./invitation/invitation.page').then((m) => ({ default: m.InvitationPage })));
const ModulePage = lazy(() => import('./module/module.page').then((m) => ({ default: m.ModulePage })));
const ModulePreviewPage = lazy(() => import('./module/module-preview.page').then((m) => ({ default: m.ModulePreviewPage })));
const CheckoutPage = lazy(() => import('./checkout/checkout.page').then((m) => ({ default: m.CheckoutPage })));
const CheckoutCompletePage = lazy(() => import('./checkout/checkout-complete.page').then((m) => ({ default: m.CheckoutCompletePage })));
const BecomeVendorPage = lazy(() => import('./become-vendor/become-vendor.page').then((m) => ({ default: m.BecomeVendorPage })));
const NotificationsPage = lazy(() =>
  import('../../shared/notifications/notifications.page').then((m) => ({ default: m.NotificationsPage })),
);
const NotificationPreferencesPage = lazy(() =>
  import('../../shared/notifications/notification-preferences.page').then((m) => ({ default: m.NotificationPreferencesPage })),
);

/** Public area: the catalog and its pages. Mounted at `/*`, so it also answers unknown paths. */
export default function StorefrontRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <ReferralCapture />
      <Routes>
        <Route index element={<StorefrontHomePage />} />
        <Route path="modules" element={<CatalogPage />} />
        <Route path="modules/preview/:moduleId" element={<ModulePreviewPage />} />
        <Route path="modules/:slug" element={<ModulePage />} />
        {/* An invitation link is public (the invitee may have no account yet), so it lives here. */}
        <Route path="invitations/:token" element={<InvitationPage />} />
        <Route path="checkout/:slug" element={<CheckoutPage />} />
        <Route path="checkout/:slug/complete/:purchaseId" element={<CheckoutCompletePage />} />
        {/* Signed-in users without a vendor start one here (the /vendor guard would refuse them). */}
        <Route path="become-a-vendor" element={<BecomeVendorPage />} />
        {/* Notifications are per person (vendors without an organization get them too), so not under /org. */}
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="notifications/preferences" element={<NotificationPreferencesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
