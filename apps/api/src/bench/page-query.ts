import { parseSemver } from '@wk/domain';
import type { PageQuery, SortName } from '../modules/catalog';

export interface CatalogBody {
  filter?: {
    search?: string;
    software?: string;
    coreVersion?: string;
    category?: string;
    planType?: PageQuery['planType'];
    verifiedOnly?: boolean;
  };
  sort?: SortName;
  first?: number;
}

/** The PageQuery the catalog service builds for these arguments (release core versions only). */
export function pageQueryOf(body: CatalogBody): PageQuery {
  const f = body.filter ?? {};
  const phrase = f.search?.trim().toLowerCase().replace(/\s+/g, ' ') || null;
  if (f.coreVersion && parseSemver(f.coreVersion).prerelease.length) throw new Error('bench: release core versions only');
  return {
    sort: body.sort ?? 'RELEVANCE',
    terms: phrase ? [...new Set(phrase.split(' '))].slice(0, 8) : [],
    phrase,
    moduleIds: null,
    softwareSlug: f.software ?? null,
    coreVersion: f.coreVersion ?? null,
    category: f.category ?? null,
    type: null,
    planType: f.planType ?? null,
    vendorSlug: null,
    verifiedOnly: f.verifiedOnly === true,
    after: null,
    limit: (body.first ?? 20) + 1,
  };
}
