import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
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
  try {
    const raw = window.localStorage.getItem(storageKey(userId));
    return raw && /^\d+$/.test(raw) ? Number(raw) : null;
  } catch {
    return null; // storage disabled: fall back to the first membership
  }
}

/** Keeps the chosen organization per user in localStorage (shared across tabs). */
export function CurrentOrgProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const userId = session.me?.id ?? null;
  const memberships = useMemo(() => session.me?.memberships ?? [], [session.me]);
  const [stored, setStored] = useState<number | null>(() => readStored(userId));

  useEffect(() => {
    setStored(readStored(userId));
    if (userId === null) return;
    const onStorage = (e: StorageEvent) => {
      if (e.key === storageKey(userId)) setStored(readStored(userId));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [userId]);

  const setCurrentOrgId = useCallback(
    (orgId: number) => {
      setStored(orgId);
      if (userId === null) return;
      try {
        window.localStorage.setItem(storageKey(userId), String(orgId));
      } catch {
        /* the choice then lasts for this page only */
      }
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
