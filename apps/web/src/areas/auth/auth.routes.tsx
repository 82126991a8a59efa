import { SignInPage } from './pages/sign-in.page';
import { SignUpPage } from './pages/sign-up.page';

/**
 * The auth area owns two top-level paths (/sign-in, /sign-up), so app/router.tsx mounts it
 * twice and says which page; everything else in the area is private to it.
 */
export default function AuthRoutes({ page }: { page: 'sign-in' | 'sign-up' }) {
  return page === 'sign-up' ? <SignUpPage /> : <SignInPage />;
}
