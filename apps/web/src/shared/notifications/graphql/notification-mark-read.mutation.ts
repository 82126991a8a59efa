import { graphql } from '../../../gql';

export const NotificationMarkReadMutation = graphql(`
  mutation NotificationMarkRead($input: NotificationMarkReadInput!) {
    notificationMarkRead(input: $input) {
      unreadCount
      notification {
        id
        isRead
        readAt
      }
    }
  }
`);
