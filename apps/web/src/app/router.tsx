import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from '../shared/components/layout/app-layout';
import { RoleGuard } from '../shared/components/role-guard';
import { RouteErrorPage } from '../shared/pages/route-error.page';

// Each area is its own lazy route tree (its own JS chunk), loaded only once its guard lets the
// user in. Areas never import each other; they share only src/shared.
const StorefrontArea = lazy(() => import('../areas/storefront/storefront.routes'));
const OrgArea = lazy(() => import('../areas/org/org.routes'));
const VendorArea = lazy(() => import('../areas/vendor/vendor.routes'));
const AdminArea = lazy(() => import('../areas/admin/admin.routes'));
const AuthArea = lazy(() => import('../areas/auth/auth.routes'));
// Creating an organization is for anyone signed in (the rest of the org console needs a membership).
const OrgCreateArea = lazy(() => import('../areas/org/create/org-create.route'));

/** Every route of the app: the browser's router, and the server's (app/entry-server.tsx) for the pages it renders. */
export const appRoutes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: 'sign-in', element: <AuthArea page="sign-in" /> },
      { path: 'sign-up', element: <AuthArea page="sign-up" /> },
      { path: 'verify-email', element: <AuthArea page="verify-email" /> },
      { path: 'forgot-password', element: <AuthArea page="forgot-password" /> },
      { path: 'reset-password', element: <AuthArea page="reset-password" /> },
      {
        path: 'account',
        element: (
          <RoleGuard requirement="signed-in" areaName="profile">
            <AuthArea page="account" />
          </RoleGuard>
        ),
      },
      {
        path: 'org/new',
        element: (
          <RoleGuard requirement="signed-in" areaName="organization console">
            <OrgCreateArea />
          </RoleGuard>
        ),
      },
      {
        path: 'org/*',
        element: (
          <RoleGuard requirement="member" areaName="organization console">
            <OrgArea />
          </RoleGuard>
        ),
      },
      {
        path: 'vendor/*',
        element: (
          <RoleGuard requirement="vendor" areaName="vendor portal">
            <VendorArea />
          </RoleGuard>
        ),
      },
      {
        path: 'admin/*',
        element: (
          <RoleGuard requirement="platform_admin" areaName="admin area">
            <AdminArea />
          </RoleGuard>
        ),
      },
      // The storefront owns every other path, including its own 404.
      { path: '*', element: <StorefrontArea /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}

export type AppRouter = ReturnType<typeof createAppRouter>;
