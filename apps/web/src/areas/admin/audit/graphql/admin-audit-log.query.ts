import { graphql } from '../../../../gql';

export const AdminAuditLogQuery = graphql(`
  query AdminAuditLog($filter: AdminAuditLogFilter, $first: Int, $after: String) {
    adminAuditLog(filter: $filter, first: $first, after: $after) {
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
          organization {
            id
            name
          }
        }
      }
    }
  }
`);
