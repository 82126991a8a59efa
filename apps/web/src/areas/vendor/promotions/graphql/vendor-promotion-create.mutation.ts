import { graphql } from '../../../../gql';

export const VendorPromotionCreateMutation = graphql(`
  mutation VendorPromotionCreate($input: VendorPromotionCreateInput!) {
    vendorPromotionCreate(input: $input) {
      promotion {
        id
        code
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
