import { graphql } from '../../../../gql';

/** The dashboard figures of one vendor (computed by the API from the live data). */
export const VendorDashboardQuery = graphql(`
  query VendorDashboard($vendorId: Int!) {
    vendorDashboard(vendorId: $vendorId) {
      vendorId
      month
      previousMonth
      activeLicenses
      activeSubscriptions
      installs
      openReviews
      reviewCount
      revenue {
        currency
        grossThisMonth {
          ...MoneyFields
        }
        grossLastMonth {
          ...MoneyFields
        }
        netThisMonth {
          ...MoneyFields
        }
        netLastMonth {
          ...MoneyFields
        }
        salesThisMonth
        salesLastMonth
        mrr {
          ...MoneyFields
        }
      }
    }
  }
`);
