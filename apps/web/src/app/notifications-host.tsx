import { Notifications } from '@mantine/notifications';

/** The toasts' container, loaded after the first paint (app.tsx). */
export default function NotificationsHost() {
  // Bottom: a toast at the top would cover the account menu right after signing in.
  return <Notifications position="bottom-right" />;
}
