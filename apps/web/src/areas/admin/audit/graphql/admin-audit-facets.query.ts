import { graphql } from '../../../../gql';

export const AdminAuditFacetsQuery = graphql(`
  query AdminAuditFacets {
    adminAuditFacets {
      actions
      entityTypes
    }
  }
`);
