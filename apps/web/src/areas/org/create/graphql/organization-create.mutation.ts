import { graphql } from '../../../../gql';

export const OrganizationCreateMutation = graphql(`
  mutation OrganizationCreate($input: OrganizationCreateInput!) {
    organizationCreate(input: $input) {
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
