import { graphql } from '../../../../gql';

export const VendorUnverifyMutation = graphql(`
  mutation VendorUnverify($vendorId: Int!) {
    vendorUnverify(input: { vendorId: $vendorId }) {
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
