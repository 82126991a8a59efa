import { graphql } from '../../../../gql';

/** The contract in force that the buyer accepts at checkout (the module's and each dependency's). */
export const CheckoutContractFieldsFragment = graphql(`
  fragment CheckoutContractFields on CheckoutContract {
    id
    version
    contractType
    termsUrl
    body
    effectiveFrom
  }
`);
