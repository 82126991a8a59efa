import { graphql } from '../../../../gql';

export const VendorAnalyticsQuery = graphql(`
  query VendorAnalytics($vendorId: Int!, $months: Int!) {
    vendorAnalytics(vendorId: $vendorId, months: $months) {
      months
      revenue {
        month
        currency
        newRevenue {
          ...MoneyFields
        }
        renewal {
          ...MoneyFields
        }
        refund {
          ...MoneyFields
        }
        total {
          ...MoneyFields
        }
      }
      mrr {
        month
        currency
        mrr {
          ...MoneyFields
        }
        subscriptions
      }
      churn {
        month
        cancellations
      }
      trials {
        planId
        planName
        moduleName
        started
        converted
      }
    }
  }
`);
