import { graphql } from '../../../../gql';

export const CouponUpdateMutation = graphql(`
  mutation CouponUpdate($input: CouponUpdateInput!) {
    couponUpdate(input: $input) {
      coupon {
        id
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
