import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { useSession } from '../../../shared/session/session-provider';

type SessionVendor = { id: number; name: string; slug: string; isOfficial: boolean; isVerified: boolean };

interface CurrentVendor {
  vendors: SessionVendor[];
  vendor: SessionVendor | null;
  setVendorId: (id: number) => void;
}

const STORAGE_KEY = 'wk.vendorId';
const Ctx = createContext<CurrentVendor | null>(null);

function readStored(): number | null {
  try {
    const v = Number(window.localStorage.getItem(STORAGE_KEY));
    return Number.isSafeInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** The vendor the portal shows (people may run several: personal, their org's, official ones). */
export function CurrentVendorProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const vendors = useMemo(() => (session.status === 'signed-in' ? session.me.vendors : []), [session]);
  const [chosen, setChosen] = useState<number | null>(readStored);
  const vendor = vendors.find((v) => v.id === chosen) ?? vendors[0] ?? null;
  const setVendorId = useCallback((id: number) => {
    setChosen(id);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(id));
    } catch {
      /* private mode: the choice lasts for this page only */
    }
  }, []);
  const value = useMemo(() => ({ vendors, vendor, setVendorId }), [vendors, vendor, setVendorId]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useCurrentVendor(): CurrentVendor {
  const v = useContext(Ctx);
  if (!v) throw new Error('useCurrentVendor() must be used inside <CurrentVendorProvider>.');
  return v;
}

/** Shown only when the user runs more than one vendor. */
export function VendorSwitcher() {
  const { vendors, vendor, setVendorId } = useCurrentVendor();
  if (vendors.length < 2 || !vendor) return null;
  return (
    <Select
      label="Vendor"
      aria-label="Switch vendor"
      data={vendors.map((v) => ({ value: String(v.id), label: v.isOfficial ? `${v.name} (official)` : v.name }))}
      value={String(vendor.id)}
      onChange={(v) => v && setVendorId(Number(v))}
      allowDeselect={false}
      w={{ base: '100%', xs: 260 }}
      data-testid="vendor-switcher"
    />
  );
}
