import { graphql } from '../../../../gql';

export const StoredPaymentMethodsQuery = graphql(`
  query StoredPaymentMethods($orgId: Int!) {
    orgStoredPaymentMethods(orgId: $orgId) {
      id
      label
      brand
      last4
      expMonth
      expYear
      isDefault
      createdAt
    }
  }
`);
