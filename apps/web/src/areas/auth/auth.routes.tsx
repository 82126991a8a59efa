import { SignInPage } from './sign-in/sign-in.page';
import { SignUpPage } from './sign-up/sign-up.page';
import { VerifyEmailPage } from './verify-email/verify-email.page';
import { ForgotPasswordPage } from './password-reset/forgot-password.page';
import { ResetPasswordPage } from './password-reset/reset-password.page';
import { AccountPage } from './account/account.page';

export type AuthPage = 'sign-in' | 'sign-up' | 'verify-email' | 'forgot-password' | 'reset-password' | 'account';

/**
 * The auth area owns top-level paths (/sign-in, /sign-up, /verify-email, /forgot-password,
 * /reset-password, /account), so app/router.tsx mounts it once per path and says which page;
 * everything else in the area is private to it.
 */
export default function AuthRoutes({ page }: { page: AuthPage }) {
  switch (page) {
    case 'sign-up':
      return <SignUpPage />;
    case 'verify-email':
      return <VerifyEmailPage />;
    case 'forgot-password':
      return <ForgotPasswordPage />;
    case 'reset-password':
      return <ResetPasswordPage />;
    case 'account':
      return <AccountPage />;
    default:
      return <SignInPage />;
  }
}
