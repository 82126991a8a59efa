import { graphql } from '../../../../gql';

export const VendorPromotionUpdateMutation = graphql(`
  mutation VendorPromotionUpdate($input: VendorPromotionUpdateInput!) {
    vendorPromotionUpdate(input: $input) {
      promotion {
        id
        code
        isActive
        state
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
