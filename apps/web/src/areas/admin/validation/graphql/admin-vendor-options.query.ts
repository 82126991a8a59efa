import { graphql } from '../../../../gql';

/** Vendors for filter pickers. */
export const AdminVendorOptionsQuery = graphql(`
  query AdminVendorOptions {
    adminVendors(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
