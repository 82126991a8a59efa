import { graphql } from '../../../../gql';

export const VendorRevenueQuery = graphql(`
  query VendorRevenue($vendorId: Int!, $months: Int!) {
    vendorRevenue(vendorId: $vendorId, months: $months) {
      month
      currency
      salesCount
      gross {
        amount
        currency
      }
      commission {
        amount
        currency
      }
      net {
        amount
        currency
      }
    }
  }
`);
