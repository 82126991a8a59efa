/**
 * The storefront catalog: the public, read-only view of listed modules. The same set for every
 * caller (HOUSE_STYLE: a field never returns a different set depending on who asks): published
 * modules with an approved (beta/stable) version, and only their approved versions. Vendors see
 * their drafts through the vendor portal's own queries, never here.
 */
import {
  isValidSemver,
  isVersionCompatibleWithCore,
  parseSemver,
  satisfiesCoreRange,
  sortSemver,
  type CoreCompatibility,
} from '@wk/domain';
import { money as toMoney } from '@wk/domain';
import { rawDb } from '@wk/db';
import type { Context } from '../../core/context';
import { badInput, notFound } from '../../core/errors';
import { decodeCursor, toConnection, type Connection } from '../../core/pagination';
import { effectivePermissions } from '../../core/permissions';
import type { OrgRole, Permission } from '@wk/db';
import { publicCoresOf } from '../softwares';
import {
  catalogPage,
  categoryFacets,
  compatCandidates,
  moduleDetails,
  SORT_KEYS,
  utc,
  vendorFacets,
  viewerInstances,
  type CompatJson,
  type DetailsRow,
  type PageQuery,
  type SortName,
  type VersionJson,
} from './catalog.queries';
import { featureList, priceLabel, priceSummary } from './catalog.pricing';
import type {
  CatalogCategory,
  CatalogCompatibility,
  CatalogDependency,
  CatalogFilter,
  CatalogIntegration,
  CatalogModule,
  CatalogPlan,
  CatalogVendorFacet,
  CatalogVersion,
  CompatibilityMatrix,
  InstanceCompatibilityHint,
} from './catalog.types';
import { CatalogModule as CatalogModuleType } from './catalog.types';

export const MAX_SEARCH_TERMS = 8;

// ───────────────────────────────────────────────────────────────── mapping

/** Newest first by semver precedence; a malformed version (never accepted by publishing) sorts last. */
function sortVersionsDesc<T extends { version: string; id: number }>(versions: T[]): T[] {
  const valid = versions.filter((v) => isValidSemver(v.version));
  const order = sortSemver(
    valid.map((v) => v.version),
    'desc',
  );
  const rank = new Map(order.map((v, i) => [v, i]));
  return [...versions].sort((a, b) => (rank.get(a.version) ?? Infinity) - (rank.get(b.version) ?? Infinity) || b.id - a.id);
}

function toCompatibility(c: CompatJson): CatalogCompatibility {
  return {
    id: c.id,
    softwareId: c.softwareId,
    software: { ...c.software, createdAt: utc(c.software.createdAt)! },
    minCoreVersion: c.min,
    maxCoreVersion: c.max,
    isVerified: c.isVerified,
    testedAt: utc(c.testedAt),
  };
}

function toVersion(moduleId: number, v: VersionJson): CatalogVersion {
  const deprecatedAt = utc(v.deprecatedAt);
  return {
    id: v.id,
    moduleId,
    version: v.version,
    status: v.status,
    channel: v.channel,
    changelog: v.changelog,
    isCompatibleWithPrevious: v.isCompatibleWithPrevious,
    releaseDate: utc(v.releaseDate),
    deprecatedAt,
    isDeprecated: deprecatedAt !== null,
    compatibility: v.compatibility.map(toCompatibility),
    dependencies: v.dependencies.map((d): CatalogDependency => ({
      id: d.id,
      module: { id: d.moduleId, slug: d.slug, name: d.name, isListed: d.listed },
      dependencyType: d.type,
      minVersion: d.minVersion,
      isRequired: d.isRequired,
    })),
    integrations: v.integrations.map((i): CatalogIntegration => ({
      id: i.id,
      module: { id: i.moduleId, slug: i.slug, name: i.name, isListed: i.listed },
      integrationType: i.type,
      description: i.description,
      isBidirectional: i.isBidirectional,
    })),
  };
}

/** Highest non-deprecated stable; highest non-deprecated beta above it; latest = stable ?? beta ?? newest. */
export function latestVersions(versionsDesc: CatalogVersion[]) {
  const live = versionsDesc.filter((v) => !v.isDeprecated);
  const stable = live.find((v) => v.status === 'stable') ?? null;
  const betaIndexLimit = stable ? versionsDesc.indexOf(stable) : versionsDesc.length;
  const beta = live.find((v) => v.status === 'beta' && versionsDesc.indexOf(v) < betaIndexLimit) ?? null;
  return { stable, beta, latest: stable ?? beta ?? versionsDesc[0] ?? null };
}

/** Integrations declared by any approved version, the newest declaration per integrated module. */
function integrationsOf(versionsDesc: CatalogVersion[]): CatalogIntegration[] {
  const byModule = new Map<number, CatalogIntegration>();
  for (const v of versionsDesc) for (const i of v.integrations) if (!byModule.has(i.module.id)) byModule.set(i.module.id, i);
  return [...byModule.values()];
}

function toPlan(p: DetailsRow['plans'][number]): CatalogPlan {
  return {
    id: p.id,
    name: p.name,
    planType: p.planType,
    billingCycle: p.billingCycle,
    price: p.priceAmount === null ? null : toMoney(p.priceAmount, p.priceCurrency),
    customRatePerDay: p.customRatePerDay === null ? null : toMoney(p.customRatePerDay, p.priceCurrency),
    priceLabel: priceLabel(p),
    features: p.features ?? {},
    featureList: featureList(p.features),
    maxUsers: p.maxUsers,
    maxInstances: p.maxInstances,
    trialDays: p.trialDays,
  };
}

/**
 * The module as the schema shows it. A catalog card selects a few of a module's fields, so the versions, plans,
 * price summary and contract are mapped when first read (issue 16: the full mapping was most of a catalog page's
 * own CPU), by getters on the prototype that keep what they computed: no closures or property definitions per
 * module (those made each card's mapping allocate about 6 KB).
 */
class CatalogModuleView {
  id: number;
  slug: string;
  name: string;
  type: CatalogModule['type'];
  category: string | null;
  shortDescription: string | null;
  description: string | null;
  iconUrl: string | null;
  ratingAverage: number | null;
  ratingCount: number;
  activeInstalls: number;
  publishedAt: Date | null;
  vendor: CatalogModule['vendor'];
  readonly #row: DetailsRow;
  #versions: CatalogVersion[] | undefined;
  #latest: ReturnType<typeof latestVersions> | undefined;
  #plans: CatalogPlan[] | undefined;
  #priceSummary: CatalogModule['priceSummary'] | undefined;
  #contract: CatalogModule['contract'] | undefined;
  #integrations: CatalogIntegration[] | undefined;

  constructor(row: DetailsRow) {
    this.#row = row;
    this.id = row.id;
    this.slug = row.slug;
    this.name = row.name;
    this.type = row.type as CatalogModule['type'];
    this.category = row.category;
    this.shortDescription = row.shortDescription;
    this.description = row.description;
    this.iconUrl = row.iconUrl;
    this.ratingAverage = row.ratingAverage === null ? null : Number(row.ratingAverage);
    this.ratingCount = row.ratingCount;
    this.activeInstalls = row.activeInstalls;
    this.publishedAt = row.publishedAt;
    this.vendor = row.vendor;
  }

  get versions(): CatalogVersion[] {
    return (this.#versions ??= sortVersionsDesc(this.#row.versions).map((v) => toVersion(this.#row.id, v)));
  }
  get latestVersion(): CatalogVersion | null {
    return (this.#latest ??= latestVersions(this.versions)).latest;
  }
  get latestStableVersion(): CatalogVersion | null {
    return (this.#latest ??= latestVersions(this.versions)).stable;
  }
  get latestBetaVersion(): CatalogVersion | null {
    return (this.#latest ??= latestVersions(this.versions)).beta;
  }
  get plans(): CatalogPlan[] {
    return (this.#plans ??= this.#row.plans.map(toPlan));
  }
  get priceSummary(): CatalogModule['priceSummary'] {
    return (this.#priceSummary ??= priceSummary(this.#row.plans));
  }
  get contract(): CatalogModule['contract'] {
    const c = this.#row.contract;
    if (this.#contract === undefined) this.#contract = c ? { ...c, effectiveFrom: utc(c.effectiveFrom)! } : null;
    return this.#contract;
  }
  get dependencies(): CatalogDependency[] {
    return this.latestVersion?.dependencies ?? [];
  }
  get integrations(): CatalogIntegration[] {
    return (this.#integrations ??= integrationsOf(this.versions));
  }
}

// A CatalogModule for `instanceof` (type-graphql hands a field resolver's @Root() through unchanged only when it is
// an instance of the root's class; anything else is copied into a new CatalogModule by its own enumerable
// properties, which would lose the getters), without running CatalogModule's constructor, whose field
// definitions would hide them.
Object.setPrototypeOf(CatalogModuleView.prototype, CatalogModuleType.prototype);

/** The module as the schema shows it; the nested parts are mapped when first read (CatalogModuleView). */
export function toCatalogModule(row: DetailsRow): CatalogModule {
  return new CatalogModuleView(row) satisfies CatalogModule;
}

// ───────────────────────────────────────────────────────────────── catalog

function requireSemver(version: string, field: string): string {
  const v = version.trim();
  if (!isValidSemver(v)) throw badInput(`"${version}" is not a semantic version (e.g. 2.0.0).`, field);
  return v;
}

function searchTerms(search: string | null | undefined): { terms: string[]; phrase: string | null } {
  const phrase = search?.trim().toLowerCase().replace(/\s+/g, ' ') ?? '';
  if (!phrase) return { terms: [], phrase: null };
  const terms = [...new Set(phrase.split(' '))].slice(0, MAX_SEARCH_TERMS);
  return { terms, phrase };
}

/** Listed modules whose approved versions declare a range containing the core version (exact semver). */
async function modulesCompatibleWith(ctx: Context, coreVersion: string, softwareSlug: string | null): Promise<number[]> {
  const core = parseSemver(coreVersion);
  const candidates = await compatCandidates(ctx.prisma, { softwareSlug, coreRelease: [core.major, core.minor, core.patch] });
  const ids = new Set<number>();
  for (const c of candidates) {
    if (ids.has(c.moduleId)) continue;
    try {
      if (satisfiesCoreRange(coreVersion, c.min, c.max)) ids.add(c.moduleId);
    } catch {
      // A malformed stored range matches nothing.
    }
  }
  return [...ids].sort((a, b) => a - b);
}

export interface CatalogArgs {
  filter?: CatalogFilter | null;
  sort: SortName;
  first: number;
  after?: string | null;
}

export async function listCatalog(ctx: Context, args: CatalogArgs): Promise<Connection<CatalogModule> & { totalCountIsExact: boolean }> {
  const f = args.filter ?? {};
  const keys = SORT_KEYS[args.sort];
  let after: (string | number)[] | null = null;
  if (args.after) {
    const decoded = decodeCursor(args.after, keys.length + 1)!;
    if (decoded[0] !== args.sort || decoded.slice(1).some((v) => v === null))
      throw badInput('This cursor belongs to another sort order.', 'after');
    after = decoded.slice(1) as (string | number)[];
  }
  const softwareSlug = f.software?.trim() || null;
  let moduleIds: number[] | null = null;
  let coreVersion: string | null = null;
  if (f.coreVersion?.trim()) {
    const core = requireSemver(f.coreVersion, 'filter.coreVersion');
    const parsed = parseSemver(core);
    if (parsed.prerelease.length === 0 && [parsed.major, parsed.minor, parsed.patch].every((n) => n < 1e10)) {
      coreVersion = core; // answered by the projection's indexed core ranges, in the page statement
    } else {
      moduleIds = await modulesCompatibleWith(ctx, core, softwareSlug);
      if (!moduleIds.length) return { ...toConnection<CatalogModule>([], args.first, 0, () => [], !!after), totalCountIsExact: true };
    }
  }
  const { terms, phrase } = searchTerms(f.search);
  const q: PageQuery = {
    sort: args.sort,
    terms,
    phrase,
    moduleIds,
    softwareSlug: moduleIds ? null : softwareSlug, // the compatibility pre-selection already applied it
    coreVersion,
    category: f.category?.trim() || null,
    type: f.type ?? null,
    planType: f.planType ?? null,
    vendorSlug: f.vendor ?? null,
    verifiedOnly: f.verifiedOnly === true,
    after,
    limit: args.first + 1,
  };
  // The page and its details are read on the pg pool (rawDb: same SQL, same values, no Prisma pipeline).
  const db = rawDb(ctx.prisma);
  const page = await catalogPage(db, q);
  const total = page[0]?.total ?? 0;
  const totalCountIsExact = page[0]?.exact ?? true;
  const hits = page.filter((r): r is typeof r & { id: number } => r.id !== null);
  const keysById = new Map(hits.map((r) => [r.id, r.keys]));
  const details = hits.length ? await moduleDetails(db, { ids: hits.map((r) => r.id) }, ctx.clock.now()) : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  const nodes = hits
    .map((r) => byId.get(r.id))
    .filter((d): d is DetailsRow => !!d)
    .map(toCatalogModule);
  return { ...toConnection(nodes, args.first, total, (m) => [args.sort, ...keysById.get(m.id)!], !!after), totalCountIsExact };
}

export async function moduleBySlug(ctx: Context, slug: string): Promise<CatalogModule> {
  const [row] = await moduleDetails(rawDb(ctx.prisma), { slug: slug.trim().toLowerCase() }, ctx.clock.now());
  if (!row) throw notFound('Module');
  return toCatalogModule(row);
}

/**
 * A module as the catalog would show it, whatever its status: the vendor's listing preview. The
 * caller checks that the viewer runs the module's vendor.
 */
export async function modulePreview(ctx: Context, moduleId: number): Promise<CatalogModule> {
  const [row] = await moduleDetails(rawDb(ctx.prisma), { ids: [moduleId] }, ctx.clock.now(), { includeUnlisted: true });
  if (!row) throw notFound('Module');
  return toCatalogModule(row);
}

export async function categories(ctx: Context): Promise<CatalogCategory[]> {
  return categoryFacets(ctx.prisma);
}

export async function vendors(ctx: Context): Promise<CatalogVendorFacet[]> {
  const rows = await vendorFacets(ctx.prisma);
  return rows.map(({ moduleCount, ...vendor }) => ({ vendor, moduleCount }));
}

// ─────────────────────────────────────────────────────────── compatibility

function compatible(compat: CatalogCompatibility[], softwareId: number, coreVersion: string): boolean {
  try {
    return isVersionCompatibleWithCore(compat as CoreCompatibility[], { softwareId, version: coreVersion });
  } catch {
    return false;
  }
}

/** Approved versions (newest first) whose declared ranges contain the core version. */
export function compatibleVersionsWith(mod: CatalogModule, coreVersion: string, softwareSlug: string | null): string[] {
  const core = requireSemver(coreVersion, 'coreVersion');
  return mod.versions
    .filter((v) => v.compatibility.some((c) => (!softwareSlug || c.software.slug === softwareSlug) && compatible([c], c.softwareId, core)))
    .map((v) => v.version);
}

/** Versions × public cores, per software the module declares (cores loaded in one batched statement). */
export async function compatibilityMatrix(ctx: Context, mod: CatalogModule): Promise<CompatibilityMatrix[]> {
  const bySoftware = new Map<number, CatalogCompatibility['software']>();
  for (const v of mod.versions) for (const c of v.compatibility) if (c.software.isActive) bySoftware.set(c.softwareId, c.software);
  if (!bySoftware.size) return [];
  const cores = await publicCoresOf(ctx, [...bySoftware.keys()]);
  return [...bySoftware.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((software) => {
      const list = cores.get(software.id) ?? [];
      return {
        software,
        cores: list,
        rows: mod.versions.map((v) => ({
          versionId: v.id,
          version: v.version,
          compatible: list.map((core) => compatible(v.compatibility, software.id, core.version)),
        })),
      };
    });
}

/** The viewer's instances (orgs where they hold view_instances), loaded once per request. */
function viewerInstanceList(ctx: Context) {
  const userId = ctx.user!.id;
  return ctx.loaders.lazy(`catalog.viewerInstances:${userId}`, async () => {
    const rows = await viewerInstances(ctx.prisma, userId);
    return rows.filter((r) => effectivePermissions(r.role as OrgRole, r.permissions as Permission[]).has('view_instances' as Permission));
  });
}

/** "Compatible with your instances": which approved version each of the viewer's instances can run. */
export async function instanceHints(ctx: Context, mod: CatalogModule): Promise<InstanceCompatibilityHint[]> {
  if (!ctx.user) return [];
  const instances = await viewerInstanceList(ctx);
  return instances.map((i) => {
    const fits = mod.versions.filter((v) => compatible(v.compatibility, i.softwareId, i.coreVersion));
    const recommended = fits.find((v) => v.status === 'stable' && !v.isDeprecated) ?? fits.find((v) => !v.isDeprecated) ?? fits[0] ?? null;
    return {
      instanceId: i.id,
      instanceName: i.name,
      environment: i.environment,
      domain: i.domain,
      organizationId: i.orgId,
      organizationName: i.orgName,
      softwareName: i.softwareName,
      coreVersion: i.coreVersion,
      compatibleVersions: fits.map((v) => v.version),
      recommendedVersion: recommended?.version ?? null,
      isCompatible: fits.length > 0,
    };
  });
}
