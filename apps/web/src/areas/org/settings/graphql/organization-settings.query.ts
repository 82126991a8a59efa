import { graphql } from '../../../../gql';

export const OrganizationSettingsQuery = graphql(`
  query OrganizationSettings($id: Int!) {
    organization(id: $id) {
      id
      name
      slug
      billingCountry
      billingRegion
      taxId
    }
    countries {
      code
      name
    }
  }
`);
