import { graphql } from '../../../../gql';

export const OrgAuditLogQuery = graphql(`
  query OrgAuditLog($orgId: Int!, $filter: OrgAuditLogFilter, $first: Int, $after: String) {
    orgAuditLog(orgId: $orgId, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          actionType
          entityType
          entityId
          oldValue
          newValue
          ipAddress
          userAgent
          performedAt
          user {
            id
            name
            email
          }
        }
      }
    }
  }
`);
