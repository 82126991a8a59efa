import { graphql } from '../../../../gql';

export const VendorCommissionUpdateMutation = graphql(`
  mutation VendorCommissionUpdate($input: VendorCommissionUpdateInput!) {
    vendorCommissionUpdate(input: $input) {
      vendor {
        id
        commissionRate
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
