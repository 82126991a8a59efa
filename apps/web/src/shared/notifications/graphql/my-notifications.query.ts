import { graphql } from '../../../gql';

export const MyNotificationsQuery = graphql(`
  query MyNotifications($first: Int, $after: String, $unreadOnly: Boolean) {
    myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo {
        ...PageInfoFields
      }
      edges {
        cursor
        node {
          id
          type
          title
          message
          recipientType
          recipientOrgId
          relatedEntityType
          relatedEntityId
          isRead
          sentAt
          readAt
        }
      }
    }
  }
`);
