import { graphql } from '../../../gql';

export const NotificationPreferencesQuery = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      notificationType
      emailEnabled
      inAppEnabled
      smsEnabled
      customized
    }
  }
`);
