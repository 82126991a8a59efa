import { graphql } from '../../../../gql';

export const OrgPaymentMethodsQuery = graphql(`
  query OrgPaymentMethods($orgId: Int!) {
    orgPaymentMethods(orgId: $orgId) {
      id
      label
      kind
    }
  }
`);
