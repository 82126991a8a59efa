import { graphql } from '../../../../gql';

export const OrganizationMembersQuery = graphql(`
  query OrganizationMembers($orgId: Int!, $first: Int, $after: String) {
    organizationMembers(orgId: $orgId, first: $first, after: $after) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        node {
          id
          userId
          name
          email
          role
          permissions
          effectivePermissions
          isYou
          joinedAt
        }
      }
    }
  }
`);
