import { graphql } from '../../../../gql';

export const OrgAuditFacetsQuery = graphql(`
  query OrgAuditFacets($orgId: Int!) {
    orgAuditFacets(orgId: $orgId) {
      actions
      entityTypes
    }
  }
`);
