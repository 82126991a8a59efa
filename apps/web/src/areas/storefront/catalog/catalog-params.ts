import type { CatalogFilter, CatalogPlanType, CatalogSort, ModuleType } from '../../../gql/graphql';

/**
 * The catalog's state lives in the URL (shareable, back/forward work):
 * `?q=crm&software=webkernel&core=2.0.0&category=crm&type=custom&plan=FREE&vendor=devshop-solutions&verified=1&sort=PRICE`.
 */
export interface CatalogParams {
  q: string;
  software: string;
  core: string;
  category: string;
  type: ModuleType | '';
  plan: CatalogPlanType | '';
  vendor: string;
  verified: boolean;
  sort: CatalogSort;
}

export const SORTS: { value: CatalogSort; label: string }[] = [
  { value: 'RELEVANCE', label: 'Best match' },
  { value: 'NEWEST', label: 'Newest' },
  { value: 'NAME', label: 'Name (A–Z)' },
  { value: 'PRICE', label: 'Lowest price' },
  { value: 'RATING', label: 'Best rated' },
  { value: 'INSTALLS', label: 'Most installed' },
];

export const PLAN_TYPES: { value: CatalogPlanType; label: string }[] = [
  { value: 'FREE', label: 'Free' },
  { value: 'SUBSCRIPTION', label: 'Subscription' },
  { value: 'PERPETUAL', label: 'One-time purchase' },
  { value: 'CUSTOM', label: 'Custom (per day)' },
];

export const MODULE_TYPES: { value: ModuleType; label: string }[] = [
  { value: 'ready_made', label: 'Ready-made' },
  { value: 'custom', label: 'Custom development' },
];

const oneOf = <T extends string>(value: string | null, allowed: readonly { value: T }[]): T | '' =>
  allowed.some((a) => a.value === value) ? (value as T) : '';

export function readParams(search: URLSearchParams): CatalogParams {
  return {
    q: search.get('q')?.slice(0, 100) ?? '',
    software: search.get('software') ?? '',
    core: search.get('core') ?? '',
    category: search.get('category') ?? '',
    type: oneOf(search.get('type'), MODULE_TYPES),
    plan: oneOf(search.get('plan'), PLAN_TYPES),
    vendor: search.get('vendor') ?? '',
    verified: search.get('verified') === '1',
    sort: oneOf(search.get('sort'), SORTS) || 'RELEVANCE',
  };
}

/** Only non-default values are written, so URLs stay short. */
export function writeParams(p: CatalogParams): URLSearchParams {
  const out = new URLSearchParams();
  if (p.q.trim()) out.set('q', p.q.trim());
  if (p.software) out.set('software', p.software);
  if (p.core) out.set('core', p.core);
  if (p.category) out.set('category', p.category);
  if (p.type) out.set('type', p.type);
  if (p.plan) out.set('plan', p.plan);
  if (p.vendor) out.set('vendor', p.vendor);
  if (p.verified) out.set('verified', '1');
  if (p.sort !== 'RELEVANCE') out.set('sort', p.sort);
  return out;
}

export function toFilter(p: CatalogParams): CatalogFilter {
  return {
    search: p.q.trim() || null,
    software: p.software || null,
    coreVersion: p.core || null,
    category: p.category || null,
    type: p.type || null,
    planType: p.plan || null,
    vendor: p.vendor || null,
    verifiedOnly: p.verified || null,
  };
}

export function activeFilterCount(p: CatalogParams): number {
  return [p.q.trim(), p.core, p.category, p.type, p.plan, p.vendor, p.verified ? '1' : ''].filter(Boolean).length;
}

export const EMPTY_PARAMS: CatalogParams = {
  q: '',
  software: '',
  core: '',
  category: '',
  type: '',
  plan: '',
  vendor: '',
  verified: false,
  sort: 'RELEVANCE',
};
