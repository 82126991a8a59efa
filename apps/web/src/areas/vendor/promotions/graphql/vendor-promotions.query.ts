import { graphql } from '../../../../gql';

/** A vendor's coupons and referral codes with the sales made with each (per currency). */
export const VendorPromotionsQuery = graphql(`
  query VendorPromotions($vendorId: Int!) {
    vendorPromotions(vendorId: $vendorId, first: 100) {
      totalCount
      edges {
        node {
          id
          kind
          code
          name
          discountType
          discountValue
          appliesToModule {
            id
            slug
            name
          }
          maxUses
          timesUsed
          validFrom
          validUntil
          isActive
          state
          sales {
            currency
            salesCount
            subtotal {
              ...MoneyFields
            }
            discount {
              ...MoneyFields
            }
            net {
              ...MoneyFields
            }
          }
        }
      }
    }
    vendorModules(vendorId: $vendorId, first: 100) {
      edges {
        node {
          id
          slug
          name
        }
      }
    }
    managedVendor(id: $vendorId) {
      id
      slug
    }
  }
`);
