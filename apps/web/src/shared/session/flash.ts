import { notifications } from '@mantine/notifications';

const KEY = 'wk.flash';

/** A message to show after the next full page load (e.g. "You are signed out"). */
export function setFlash(message: string) {
  try {
    window.sessionStorage.setItem(KEY, message);
  } catch {
    /* storage disabled: no message, nothing else lost */
  }
}

/** Shows and forgets the pending message, if any. */
export function showFlash() {
  try {
    const message = window.sessionStorage.getItem(KEY);
    if (!message) return;
    window.sessionStorage.removeItem(KEY);
    notifications.show({ message, color: 'gray' });
  } catch {
    /* ignore */
  }
}
