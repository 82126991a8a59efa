import { graphql } from '../../../../gql';

export const PayoutMarkPaidMutation = graphql(`
  mutation PayoutMarkPaid($input: PayoutMarkPaidInput!) {
    payoutMarkPaid(input: $input) {
      errors {
        code
        field
        message
      }
      payout {
        id
        status
        paidAt
        paymentReference
      }
    }
  }
`);
