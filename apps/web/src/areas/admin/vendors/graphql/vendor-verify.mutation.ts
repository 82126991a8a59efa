import { graphql } from '../../../../gql';

export const VendorVerifyMutation = graphql(`
  mutation VendorVerify($vendorId: Int!) {
    vendorVerify(input: { vendorId: $vendorId }) {
      vendor {
        id
        isVerified
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
