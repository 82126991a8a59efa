import { graphql } from '../../../../gql';

export const CouponCreateMutation = graphql(`
  mutation CouponCreate($input: CouponCreateInput!) {
    couponCreate(input: $input) {
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
