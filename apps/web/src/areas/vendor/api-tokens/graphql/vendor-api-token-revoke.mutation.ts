import { graphql } from '../../../../gql';

export const VendorApiTokenRevokeMutation = graphql(`
  mutation VendorApiTokenRevoke($tokenId: Int!) {
    vendorApiTokenRevoke(input: { tokenId: $tokenId }) {
      token {
        id
        isActive
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
