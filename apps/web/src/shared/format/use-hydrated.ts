import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/**
 * False on the server and while the browser hydrates a server-rendered page (app/entry-server.tsx),
 * true afterwards and in any page the browser renders itself. What depends on the browser (its locale,
 * its time zone) is shown once this is true, so the hydrated HTML matches the server's.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
