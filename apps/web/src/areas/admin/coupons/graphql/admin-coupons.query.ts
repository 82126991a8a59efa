import { graphql } from '../../../../gql';

export const AdminCouponsQuery = graphql(`
  query AdminCoupons($filter: AdminCouponsFilter) {
    adminCoupons(filter: $filter, first: 100) {
      totalCount
      edges {
        node {
          id
          code
          discountType
          discountValue
          appliesToModule {
            id
            name
          }
          appliesToPlan {
            id
            name
          }
          minPurchaseAmount
          maxUses
          timesUsed
          validFrom
          validUntil
          isActive
          createdAt
        }
      }
    }
  }
`);
