import { graphql } from '../../../../gql';

export const VendorApiTokenCreateMutation = graphql(`
  mutation VendorApiTokenCreate($input: VendorApiTokenCreateInput!) {
    vendorApiTokenCreate(input: $input) {
      secret
      token {
        id
        prefix
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
