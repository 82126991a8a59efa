import { graphql } from '../../gql';

/** "Resend" of the verification link (the banner and the profile page use it). */
export const EmailVerificationResendMutation = graphql(`
  mutation EmailVerificationResend {
    emailVerificationResend {
      ok
      message
      errors {
        code
        field
        message
      }
    }
  }
`);
