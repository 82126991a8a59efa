import { graphql } from '../../../gql';

export const NotificationMarkAllReadMutation = graphql(`
  mutation NotificationMarkAllRead {
    notificationMarkAllRead {
      count
      unreadCount
    }
  }
`);
