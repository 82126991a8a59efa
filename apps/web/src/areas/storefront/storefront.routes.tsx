import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../shared/pages/not-found.page';
import { CatalogPage } from './pages/catalog.page';
import { InvitationPage } from './pages/invitation.page';
import { ModulePage } from './pages/module.page';
import { ModulePreviewPage } from './pages/module-preview.page';
import { StorefrontHomePage } from './pages/storefront-home.page';
import { CheckoutPage } from './checkout/checkout.page';
import { CheckoutCompletePage } from './checkout/checkout-complete.page';
import { BecomeVendorPage } from './become-vendor/become-vendor.page';
import { NotificationsPage } from '../../shared/notifications/notifications.page';
import { NotificationPreferencesPage } from '../../shared/notifications/notification-preferences.page';

/** Public area: the catalog and its pages. Mounted at `/*`, so it also answers unknown paths. */
export default function StorefrontRoutes() {
  return (
    <Routes>
      <Route index element={<StorefrontHomePage />} />
      <Route path="modules" element={<CatalogPage />} />
      <Route path="modules/:slug" element={<ModulePage />} />
      {/* A vendor's listing as buyers will see it (the API lets only that vendor's members load it). */}
      <Route path="modules/preview/:moduleId" element={<ModulePreviewPage />} />
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
  );
}
