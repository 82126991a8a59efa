import { graphql } from '../../../../gql';

/** What a referral code gives (null when it cannot be used), to apply it at checkout. */
export const ReferralOfferQuery = graphql(`
  query ReferralOffer($code: String!) {
    referralOffer(code: $code) {
      code
      vendorId
      vendorName
      discountType
      discountValue
      moduleId
    }
  }
`);
