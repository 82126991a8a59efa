import { graphql } from '../../../../gql';

export const OrganizationUpdateMutation = graphql(`
  mutation OrganizationUpdate($input: OrganizationUpdateInput!) {
    organizationUpdate(input: $input) {
      organization {
        id
        name
        slug
        billingCountry
        billingRegion
        taxId
      }
      errors {
        code
        field
        message
      }
    }
  }
`);
