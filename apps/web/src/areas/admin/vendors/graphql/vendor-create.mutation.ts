import { graphql } from '../../../../gql';

export const AdminVendorCreateMutation = graphql(`
  mutation AdminVendorCreate($input: VendorCreateInput!) {
    vendorCreate(input: $input) {
      vendor {
        id
        name
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
