import { graphql } from '../../../../gql';

export const VendorAnalyticsQuery = graphql(`
  query VendorAnalytics($vendorId: Int!, $months: Int!) {
    vendorAnalytics(vendorId: $vendorId, months: $months) {
      months
      revenue {
        month
        currency
        newRevenue {
          amount
          currency
        }
        renewal {
          amount
          currency
        }
        refund {
          amount
          currency
        }
        total {
          amount
          currency
        }
      }
      mrr {
        month
        currency
        mrr {
          amount
          currency
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
