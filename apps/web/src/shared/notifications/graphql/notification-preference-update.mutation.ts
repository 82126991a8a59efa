import { graphql } from '../../../gql';

export const NotificationPreferenceUpdateMutation = graphql(`
  mutation NotificationPreferenceUpdate($input: NotificationPreferenceUpdateInput!) {
    notificationPreferenceUpdate(input: $input) {
      errors {
        code
        field
        message
      }
      preference {
        notificationType
        emailEnabled
        inAppEnabled
        smsEnabled
        customized
      }
    }
  }
`);
