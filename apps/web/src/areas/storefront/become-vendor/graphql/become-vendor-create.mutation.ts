import { graphql } from '../../../../gql';

/** A signed-in user creates a vendor for themself (no orgId) or for an organization they administer. */
export const BecomeVendorCreateMutation = graphql(`
  mutation BecomeVendorCreate($input: VendorCreateInput!) {
    vendorCreate(input: $input) {
      vendor {
        id
        name
        slug
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
