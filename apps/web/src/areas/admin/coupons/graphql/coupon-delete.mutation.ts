import { graphql } from '../../../../gql';

export const CouponDeleteMutation = graphql(`
  mutation CouponDelete($couponId: Int!) {
    couponDelete(input: { couponId: $couponId }) {
      deletedCouponId
      deactivatedCoupon {
        id
        isActive
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
