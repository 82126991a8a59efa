import { graphql } from '../../../../gql';

export const VendorRevenueQuery = graphql(`
  query VendorRevenue($vendorId: Int!, $months: Int!) {
    vendorRevenue(vendorId: $vendorId, months: $months) {
      month
      currency
      salesCount
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
`);
