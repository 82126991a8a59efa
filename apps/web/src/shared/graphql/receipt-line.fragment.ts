import { graphql } from '../../gql';

/** One line of a receipt, a quote or a plan-change preview: what it is for and its amount. */
export const ReceiptLineFieldsFragment = graphql(`
  fragment ReceiptLineFields on ReceiptLine {
    description
    amount {
      ...MoneyFields
    }
  }
`);
