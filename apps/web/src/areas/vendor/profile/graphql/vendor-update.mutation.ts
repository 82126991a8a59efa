import { graphql } from '../../../../gql';

export const VendorUpdateMutation = graphql(`
  mutation VendorUpdate($input: VendorUpdateInput!) {
    vendorUpdate(input: $input) {
      vendor {
        id
        name
        description
        website
        supportEmail
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
