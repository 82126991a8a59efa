import { graphql } from '../../../../gql';

export const LicensePlanChangeCancelMutation = graphql(`
  mutation LicensePlanChangeCancel($licenseId: Int!) {
    licensePlanChangeCancel(licenseId: $licenseId) {
      errors {
        code
        field
        message
      }
      license {
        id
      }
    }
  }
`);
