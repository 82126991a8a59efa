import { graphql } from '../../../../gql';

export const VendorSalesQuery = graphql(`
  query VendorSales($vendorId: Int!, $first: Int, $after: String) {
    vendorSales(vendorId: $vendorId, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          kind
          id
          soldAt
          moduleName
          planName
          buyerName
          gross {
            ...MoneyFields
          }
          commission {
            ...MoneyFields
          }
          net {
            ...MoneyFields
          }
        }
      }
    }
  }
`);
