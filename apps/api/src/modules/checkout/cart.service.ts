import type { Module, ModuleContract, ModuleCoreCompatibility, ModuleDependency, ModuleVersion, PricingPlan, Prisma, Vendor } from '@wk/db';
import { compareSemver, isValidSemver } from '@wk/domain';
import type { Context } from '../../core/context';
import { requireOrgPermission } from '../../core/access';
import { notFound, UserError } from '../../core/errors';
import { fitsCore, isApproved, recommendVersion, safeCompare, sortVersionsDesc } from '../activation';
import { builtInEverywhere, builtInModulesFor } from '../core-modules';
import { heldLicenses } from '../licenses';
import { CheckoutErrorCode } from './checkout.errors';

/**
 * The dependency-aware cart (issue 18): what an org must also buy to run a module. Dependencies are
 * declared per version (module_dependencies: min version, required or optional), so the cart first
 * resolves the version of each module that fits the target — the instance the buyer picked, or
 * every active instance of the org when none is picked (any approved version when the org has no
 * instance yet) — with the activation planner's rule (highest stable, else highest beta, never
 * deprecated), then walks the required dependencies of those versions, recursively, each module once
 * (cycles and diamonds end at a module already seen). A dependency the org holds a license for, or
 * that is built into the target's software (a core module), is satisfied and is not a cart line.
 * Optional dependencies are offered, never added: the buyer picks them (`optionalModuleIds`), and
 * then their own required dependencies join the cart too.
 */

type Db = Prisma.TransactionClient | Context['prisma'];
type ModuleWithVendor = Module & { vendor: Vendor };
type VersionWithDeps = ModuleVersion & {
  compatibility: ModuleCoreCompatibility[];
  dependencies: ModuleDependency[];
};
interface CoreTarget {
  id: number;
  softwareId: number;
  version: string;
}

export type CartRole = 'required' | 'optional';

export interface ResolvedDependency {
  module: ModuleWithVendor;
  role: CartRole;
  /** Highest minimum version any module in the cart asks for. */
  minVersion: string;
  dependencyType: string;
  /** Names of the modules (in the cart) that declare this dependency, in discovery order. */
  requiredBy: string[];
  /** The version a license would be activated with on the target (null: none fits). */
  version: ModuleVersion | null;
  /** Whether `version` fits the target (every instance when none is picked). */
  compatible: boolean;
  /** The org already holds a usable (or suspended) license: nothing to buy. */
  held: boolean;
  /** A core module of the target's software: built in, nothing to buy. */
  builtIn: boolean;
  /** Optional offers the buyer ticked (always true for required lines). */
  selected: boolean;
  plans: PricingPlan[];
  contract: ModuleContract | null;
}

export interface DependencyResolution {
  orgId: number;
  module: ModuleWithVendor;
  version: ModuleVersion | null;
  mainCompatible: boolean;
  instance: { id: number; name: string; coreVersion: string; softwareName: string } | null;
  /** How many active instances the versions were resolved against (when no instance is picked). */
  instanceCount: number;
  /** Required dependencies (recursive), including satisfied ones (`held` / `builtIn`). */
  required: ResolvedDependency[];
  /** Optional dependencies of modules in the cart, not held, not required. */
  optional: ResolvedDependency[];
}

export interface ResolveRequest {
  orgId: number;
  moduleId: number;
  instanceId?: number | null;
  optionalModuleIds?: readonly number[] | null;
}

const versionInclude = { compatibility: true, dependencies: { orderBy: { id: 'asc' } } } as const;

/** The "requires" sentence shown next to a cart line: "Custom ERP requires CRM Pro ≥ 1.0.0". */
export function dependencyReason(d: Pick<ResolvedDependency, 'requiredBy' | 'module' | 'minVersion' | 'role'>): string {
  const by = d.requiredBy.length > 1 ? `${d.requiredBy.slice(0, -1).join(', ')} and ${d.requiredBy.at(-1)}` : (d.requiredBy[0] ?? '');
  const verb =
    d.role === 'required' ? (d.requiredBy.length > 1 ? 'require' : 'requires') : d.requiredBy.length > 1 ? 'work with' : 'works with';
  return `${by} ${verb} ${d.module.name} ≥ ${d.minVersion}${d.role === 'optional' ? ' (optional)' : ''}`;
}

async function targetCores(db: Db, orgId: number, instanceId: number | null) {
  if (instanceId !== null) {
    const instance = await db.instance.findUnique({ where: { id: instanceId }, include: { core: { include: { software: true } } } });
    // Another org's instance does not exist for this checkout (never named).
    if (!instance || instance.orgId !== orgId) throw notFound('Instance');
    return {
      cores: [{ id: instance.core.id, softwareId: instance.core.softwareId, version: instance.core.version }],
      instance: { id: instance.id, name: instance.name, coreVersion: instance.core.version, softwareName: instance.core.software.name },
      instanceCount: 1,
    };
  }
  const instances = await db.instance.findMany({ where: { orgId, isActive: true }, include: { core: true }, orderBy: { id: 'asc' } });
  const byCore = new Map<number, CoreTarget>();
  for (const i of instances) byCore.set(i.core.id, { id: i.core.id, softwareId: i.core.softwareId, version: i.core.version });
  return { cores: [...byCore.values()], instance: null, instanceCount: instances.length };
}

const atLeast = (v: string, min: string) => safeCompare(v, min) >= 0;

/**
 * The version to sell for a module on the target: among approved, non-withdrawn versions at or above
 * `minVersion`, the planner's recommendation among those that fit every target core; when none fits,
 * the newest non-deprecated one (then `compatible` is false).
 */
function pickVersion(versions: readonly VersionWithDeps[], minVersion: string | null, cores: readonly CoreTarget[]) {
  const candidates = versions.filter((v) => isApproved(v.status) && (minVersion === null || atLeast(v.version, minVersion)));
  const fitting = candidates.filter((v) => cores.every((c) => fitsCore(v.compatibility, c)));
  const recommended = recommendVersion(fitting);
  if (recommended) return { version: recommended, compatible: true };
  const fallback = sortVersionsDesc(candidates.filter((v) => !v.deprecatedAt))[0] ?? sortVersionsDesc(candidates)[0] ?? null;
  return { version: fallback, compatible: false };
}

const higher = (a: string, b: string) => (isValidSemver(a) && isValidSemver(b) ? (compareSemver(a, b) >= 0 ? a : b) : a >= b ? a : b);

/**
 * Resolves the dependency cart of `moduleId` for an org (no permission check: callers check).
 * Throws NOT_FOUND for an unknown or unpublished module and for an instance of another org.
 */
export async function resolveDependencies(db: Db, req: ResolveRequest, at: Date): Promise<DependencyResolution> {
  const module = await db.module.findUnique({
    where: { id: req.moduleId },
    include: { vendor: true, versions: { include: versionInclude } },
  });
  if (!module || module.status === 'draft' || module.status === 'pending') throw notFound('Module');
  const target = await targetCores(db, req.orgId, req.instanceId ?? null);
  const chosenOptional = new Set(req.optionalModuleIds ?? []);

  // Core modules of the target's software(s): built in, never bought.
  const builtIn = new Set<number>();
  if (target.cores.length) {
    const perCore = await Promise.all(target.cores.map((c) => builtInModulesFor(db, c)));
    const [first, ...rest] = perCore.map((list) => new Set(list.map((b) => b.moduleId)));
    for (const id of first ?? []) if (rest.every((s) => s.has(id))) builtIn.add(id);
  }

  const main = pickVersion(module.versions, null, target.cores);
  const modules = new Map<number, ModuleWithVendor & { versions: VersionWithDeps[] }>([[module.id, module]]);
  const lines = new Map<number, ResolvedDependency & { versionWithDeps: VersionWithDeps | null }>();
  const loadModules = async (ids: number[]) => {
    const missing = ids.filter((id) => !modules.has(id));
    if (!missing.length) return;
    const rows = await db.module.findMany({
      where: { id: { in: missing } },
      include: { vendor: true, versions: { include: versionInclude } },
    });
    for (const r of rows) modules.set(r.id, r);
    if (!target.cores.length) for (const id of await builtInEverywhere(db, missing)) builtIn.add(id);
  };

  // Breadth-first over the versions in the cart: the main module, then each dependency once.
  const queue: { name: string; version: VersionWithDeps | null }[] = [
    { name: module.name, version: main.version as VersionWithDeps | null },
  ];
  const expanded = new Set<number>([module.id]);
  while (queue.length) {
    const { name, version } = queue.shift()!;
    if (!version) continue;
    await loadModules(version.dependencies.map((d) => d.dependsOnModuleId));
    for (const d of version.dependencies) {
      if (d.dependsOnModuleId === module.id) continue; // a cycle back to the module being bought
      const dep = modules.get(d.dependsOnModuleId);
      if (!dep) continue;
      const existing = lines.get(dep.id);
      if (existing) {
        if (!existing.requiredBy.includes(name)) existing.requiredBy.push(name);
        existing.minVersion = higher(existing.minVersion, d.minVersion);
        if (d.isRequired && existing.role === 'optional') {
          existing.role = 'required';
          existing.selected = true;
          existing.dependencyType = d.dependencyType;
        }
      } else {
        lines.set(dep.id, {
          module: dep,
          role: d.isRequired ? 'required' : 'optional',
          minVersion: d.minVersion,
          dependencyType: d.dependencyType,
          requiredBy: [name],
          version: null,
          versionWithDeps: null,
          compatible: false,
          held: false,
          builtIn: builtIn.has(dep.id),
          selected: d.isRequired || chosenOptional.has(dep.id),
          plans: [],
          contract: null,
        });
      }
      const line = lines.get(dep.id)!;
      // Expand a module once, when it is required or a chosen optional (its own requirements join the cart).
      if (!expanded.has(dep.id) && (line.role === 'required' || line.selected)) {
        expanded.add(dep.id);
        const picked = pickVersion(dep.versions, line.minVersion, target.cores);
        queue.push({ name: dep.name, version: picked.version as VersionWithDeps | null });
      }
    }
  }

  // Versions (with the final minimum), holdings, plans and contracts of every line.
  const all = [...lines.values()];
  const [plans, contracts] = await Promise.all([
    all.length
      ? db.pricingPlan.findMany({
          where: { moduleId: { in: all.map((l) => l.module.id) }, isActive: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
        })
      : Promise.resolve([]),
    all.length
      ? db.moduleContract.findMany({
          where: { moduleId: { in: all.map((l) => l.module.id) }, isActive: true, effectiveFrom: { lte: at } },
          orderBy: [{ effectiveFrom: 'desc' }, { id: 'desc' }],
        })
      : Promise.resolve([]),
  ]);
  for (const l of all) {
    const picked = pickVersion(modules.get(l.module.id)!.versions, l.minVersion, target.cores);
    l.version = picked.version;
    l.compatible = picked.compatible;
    l.held = (await heldLicenses(db, req.orgId, l.module.id, at)).length > 0;
    l.plans = plans.filter((p) => p.moduleId === l.module.id);
    l.contract = contracts.find((c) => c.moduleId === l.module.id) ?? null;
  }
  const strip = ({ versionWithDeps: _v, ...rest }: ResolvedDependency & { versionWithDeps: unknown }): ResolvedDependency => rest;
  return {
    orgId: req.orgId,
    module,
    version: main.version,
    mainCompatible: main.compatible,
    instance: target.instance,
    instanceCount: target.instanceCount,
    required: all.filter((l) => l.role === 'required').map(strip),
    optional: all.filter((l) => l.role === 'optional' && !l.held && !l.builtIn).map(strip),
  };
}

/** What the cart must still buy: required dependencies not held and not built in. */
export const toBuy = (r: DependencyResolution) => r.required.filter((d) => !d.held && !d.builtIn);

/** checkoutDependencies: the resolution for the checkout page (purchase_modules in the org). */
export async function checkoutDependencies(ctx: Context, req: ResolveRequest): Promise<DependencyResolution> {
  await requireOrgPermission(ctx, req.orgId, 'purchase_modules');
  return resolveDependencies(ctx.prisma, req, ctx.clock.now());
}

/** A line of a cart purchase beyond the main module. */
export interface CartLineRequest {
  moduleId: number;
  planId: number;
  days?: number | null;
  couponCode?: string | null;
  acceptContractId?: number | null;
}

/**
 * Checks the dependency lines of a cart against the resolution: each line is a dependency of the
 * cart (required, or an optional offer), not a module the org already licenses, not built in, not
 * twice, and fits the picked instance; every required dependency the org lacks has a line; the main
 * module fits the picked instance. Fields name the input: `dependencyLines[i].moduleId`, `instanceId`.
 */
export function cartLineErrors(r: DependencyResolution, lines: readonly CartLineRequest[], instancePicked: boolean): UserError[] {
  const errors: UserError[] = [];
  const E = CheckoutErrorCode;
  if (instancePicked && r.instance && !r.mainCompatible) {
    errors.push(
      new UserError(
        E.LINE_INCOMPATIBLE,
        `No approved version of ${r.module.name} supports ${r.instance.name} (${r.instance.softwareName} ${r.instance.coreVersion}).`,
        'instanceId',
      ),
    );
  }
  const seen = new Set<number>();
  lines.forEach((line, i) => {
    const field = `dependencyLines[${i}].moduleId`;
    const dep = r.required.find((d) => d.module.id === line.moduleId) ?? r.optional.find((d) => d.module.id === line.moduleId);
    if (line.moduleId === r.module.id || seen.has(line.moduleId)) {
      errors.push(new UserError(E.DUPLICATE_LINE, 'This module is already a line of the cart.', field));
    } else if (!dep) {
      errors.push(
        new UserError(E.NOT_A_DEPENDENCY, `This module is not a dependency of ${r.module.name}: buy it on its own checkout.`, field),
      );
    } else if (dep.builtIn) {
      errors.push(new UserError(E.MODULE_BUILT_IN, `${dep.module.name} is built into the software: there is nothing to buy.`, field));
    } else if (dep.held) {
      errors.push(
        new UserError(
          E.DEPENDENCY_ALREADY_LICENSED,
          `Your organization already holds a ${dep.module.name} license: remove this line.`,
          field,
        ),
      );
    } else if (instancePicked && r.instance && !dep.compatible) {
      errors.push(
        new UserError(
          E.LINE_INCOMPATIBLE,
          `No approved version of ${dep.module.name} ≥ ${dep.minVersion} supports ${r.instance.name} (${r.instance.softwareName} ${r.instance.coreVersion}).`,
          field,
        ),
      );
    }
    seen.add(line.moduleId);
  });
  const missing = toBuy(r).filter((d) => !seen.has(d.module.id));
  if (missing.length) {
    errors.push(
      new UserError(
        E.DEPENDENCY_MISSING,
        `${missing.map((d) => dependencyReason(d)).join('; ')}: add ${missing.length > 1 ? 'them' : 'it'} to the cart.`,
        'dependencyLines',
      ),
    );
  }
  return errors;
}
