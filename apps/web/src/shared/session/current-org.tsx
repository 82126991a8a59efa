import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useSession, type CurrentMembership } from './session-provider';

export interface CurrentOrg {
  /** The user's memberships, in the order the API returns them. */
  memberships: CurrentMembership[];
  /** The membership of the organization the user is working in, or null (no memberships). */
  membership: CurrentMembership | null;
  organization: CurrentMembership['organization'] | null;
  setCurrentOrgId: (orgId: number) => void;
}

const CurrentOrgContext = createContext<CurrentOrg | null>(null);

const storageKey = (userId: number) => `wk.currentOrg.${userId}`;

function readStored(userId: number | null): number | null {
  if (userId === null) return null;
  const chosen = chosenHere.get(userId);
  if (chosen !== undefined) return chosen;
  try {
    const raw = window.localStorage.getItem(storageKey(userId));
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  } catch {
    return null; // storage disabled: fall back to the first membership
  }
}

/** Choices made in this page when storage is disabled (they last for the page only). */
const chosenHere = new Map<number, number>();
const listeners = new Set<() => void>();

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  // Another tab's choice.
  const onStorage = (e: StorageEvent) => e.key?.startsWith('wk.currentOrg.') && onChange();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * Keeps the chosen organization per user in localStorage (shared across tabs). Read as an external
 * store: a server-rendered page (app/entry-server.tsx) has no storage, so it shows the first membership,
 * and the browser switches to the stored choice right after hydrating, without a mismatch.
 */
export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const userId = session.me?.id ?? null;
  const memberships = useMemo(() => session.me?.memberships ?? [], [session.me]);
  const stored = useSyncExternalStore(
    subscribe,
    () => readStored(userId),
    () => null,
  );

  const setCurrentOrgId = useCallback(
    (orgId: number) => {
      if (userId === null) return;
      try {
        window.localStorage.setItem(storageKey(userId), String(orgId));
        chosenHere.delete(userId);
      } catch {
        chosenHere.set(userId, orgId); /* the choice then lasts for this page only */
      }
      for (const l of listeners) l();
    },
    [userId],
  );

  const value = useMemo<CurrentOrg>(() => {
    const membership = memberships.find((m) => m.organization.id === stored) ?? memberships[0] ?? null;
    return { memberships, membership, organization: membership?.organization ?? null, setCurrentOrgId };
  }, [memberships, stored, setCurrentOrgId]);

  return <CurrentOrgContext.Provider value={value}>{children}</CurrentOrgContext.Provider>;
}

/** The organization the user is working in (chosen in the header's switcher). */
export function useCurrentOrg(): CurrentOrg {
  const value = useContext(CurrentOrgContext);
  if (!value) throw new Error('useCurrentOrg() must be used inside <CurrentOrgProvider>.');
  return value;
}
