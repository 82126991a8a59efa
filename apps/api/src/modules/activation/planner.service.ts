/**
 * The activation planner and the core upgrade check: read-only answers to "what can I activate on
 * this instance, with which license and version, and what is missing" and "what happens to my
 * modules if I change the core". The writes are in activation.service.ts.
 */
import { isLicenseUsableAt } from '@wk/domain';
import type { Context } from '../../core/context';
import { badInput, notFound, UserError } from '../../core/errors';
import { requireInstance, seatsInUse, toLicense, toListing, toRelease } from '../instances';
import { updatePathFor } from '../updates';
import { builtInModulesFor, withBuiltIns } from '../core-modules';
import { ACTIVATION_CHECK_ORDER, ActivationErrorCode as E, ActivationHintCode as H } from './activation.errors';
import { describeRanges, fitsCore, isApproved, recommendVersion, safeCompare, sortVersionsDesc } from './activation.rules';
import {
  ActivationCandidate,
  ActivationHint,
  ActivationPlan,
  CoreUpgradeCheck,
  CoreUpgradeModuleResult,
  CoreUpgradeOutcome,
  DependencyState,
  PlanDependency,
} from './activation.types';
import { builtInText, coreStatusText, fmtDate, hint } from './activation.texts';

// ───────────────────────────────────────────── planner

const versionInclude = {
  compatibility: true,
  dependencies: { include: { dependsOnModule: { include: { vendor: { select: { name: true } } } } } },
} as const;

/** Published modules the dialog offers, with what the org holds and what is active already. */
export async function activationCandidates(ctx: Context, instanceId: number): Promise<ActivationCandidate[]> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const now = ctx.clock.now();
  const [modules, licenses, active] = await Promise.all([
    ctx.prisma.module.findMany({
      // Core modules of the instance's software are always active: never offered for activation.
      where: {
        status: 'published',
        versions: { some: { status: { in: ['beta', 'stable'] } } },
        coreFor: { none: { softwareId: instance.core.softwareId } },
      },
      include: { vendor: { select: { name: true } } },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    }),
    ctx.prisma.license.findMany({ where: { orgId: instance.orgId }, select: { moduleId: true, status: true, expiresAt: true } }),
    ctx.prisma.instanceModule.findMany({ where: { instanceId, isActive: true }, select: { moduleId: true } }),
  ]);
  const licensed = new Set(licenses.filter((l) => isLicenseUsableAt(l, now)).map((l) => l.moduleId));
  const activeIds = new Set(active.map((a) => a.moduleId));
  return modules
    .map((m) =>
      Object.assign(new ActivationCandidate(), {
        module: toListing(m),
        activeOnInstance: activeIds.has(m.id),
        licensed: licensed.has(m.id),
      }),
    )
    .sort((a, b) => Number(b.licensed) - Number(a.licensed) || Number(a.activeOnInstance) - Number(b.activeOnInstance));
}

/**
 * The full plan for activating `moduleId` on an instance: the version to install for its core,
 * the org's licenses and the one to use, dependencies (with versions that fit the core and
 * whether the org holds a license for them), and every blocker — computed before anything is
 * attempted. Blockers use the codes of instanceActivateModule, in the same order.
 */
export async function activationPlan(ctx: Context, instanceId: number, moduleId: number): Promise<ActivationPlan> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const now = ctx.clock.now();
  const { module, approved, recommended, planned, coreV } = await plannedVersion(ctx, instance, moduleId);
  const held = await loadHoldings(ctx, instance, moduleId, planned, now);
  const dependency = (d: PlannedVersion['dependencies'][number]) => planDependency(d, held, coreV, now);
  const requiredDependencies = planned.dependencies.filter((d) => d.isRequired).map(dependency);
  const optionalDependencies = planned.dependencies.filter((d) => !d.isRequired).map(dependency);
  const blockers = planBlockers({ instance, module, approved, recommended, planned, held, requiredDependencies });
  const hints = planHints(instance, module, recommended, optionalDependencies);
  const core = instance.core;
  return Object.assign(new ActivationPlan(), {
    instanceId,
    module: toListing(module),
    core,
    canActivate: blockers.length === 0,
    recommendedVersion: recommended ? toRelease(recommended) : null,
    versions: sortVersionsDesc(approved).map((v) => ({
      version: toRelease(v),
      compatible: fitsCore(v.compatibility, coreV),
      compatibility: describeRanges(v.compatibility, core.softwareId),
      recommended: v.id === recommended?.id,
    })),
    licenses: held.licenseViews,
    recommendedLicense: held.recommendedLicense,
    activeOnInstance: held.activeOnInstance,
    requiredDependencies,
    optionalDependencies,
    blockers,
    hints,
  });
}

type PlannerInstance = Awaited<ReturnType<typeof requireInstance>>;
type PlannedModule = NonNullable<Awaited<ReturnType<typeof loadPlannedModule>>>;
type PlannedVersion = PlannedModule['versions'][number];
type CoreVersion = { softwareId: number; version: string };

const loadPlannedModule = (ctx: Context, moduleId: number) =>
  ctx.prisma.module.findUnique({
    where: { id: moduleId },
    include: { vendor: { select: { name: true } }, versions: { include: versionInclude } },
  });

/**
 * The module (NOT_FOUND without an approved version), its approved versions, the one recommended
 * for the instance's core (null: none fits) and the one the plan describes (the recommended one,
 * else the newest approved).
 */
async function plannedVersion(ctx: Context, instance: PlannerInstance, moduleId: number) {
  const module = await loadPlannedModule(ctx, moduleId);
  const approved = (module?.versions ?? []).filter((v) => isApproved(v.status));
  if (!module || approved.length === 0) throw notFound('Module');
  const coreV: CoreVersion = { softwareId: instance.core.softwareId, version: instance.core.version };
  const fitting = approved.filter((v) => fitsCore(v.compatibility, coreV));
  const recommended = recommendVersion(fitting);
  const planned = recommended ?? sortVersionsDesc(approved.filter((v) => !v.deprecatedAt))[0] ?? sortVersionsDesc(approved)[0];
  return { module, approved, recommended, planned, coreV };
}

type Holdings = Awaited<ReturnType<typeof loadHoldings>>;

/**
 * What the org and the instance hold for the plan: the module's licenses (with seats in use and
 * the one to use), the instance's modules (what is active, built-ins included), and for the
 * planned version's dependencies their approved versions and the org's licenses.
 */
async function loadHoldings(ctx: Context, instance: PlannerInstance, moduleId: number, planned: PlannedVersion, now: Date) {
  const instanceId = instance.id;
  const depIds = [...new Set(planned.dependencies.map((d) => d.dependsOnModuleId))];
  const [licenses, instanceModules, depVersions, depLicenses, builtIns] = await Promise.all([
    ctx.prisma.license.findMany({ where: { orgId: instance.orgId, moduleId }, include: { pricingPlan: true }, orderBy: { id: 'asc' } }),
    ctx.prisma.instanceModule.findMany({ where: { instanceId }, include: { moduleVersion: { select: { version: true } } } }),
    depIds.length
      ? ctx.prisma.moduleVersion.findMany({
          where: { moduleId: { in: depIds }, status: { in: ['beta', 'stable'] } },
          include: { compatibility: true },
        })
      : Promise.resolve([]),
    depIds.length
      ? ctx.prisma.license.findMany({
          where: { orgId: instance.orgId, moduleId: { in: depIds } },
          select: { moduleId: true, status: true, expiresAt: true },
        })
      : Promise.resolve([]),
    builtInModulesFor(ctx.prisma, instance.core),
  ]);
  const builtInIds = new Set(builtIns.map((b) => b.moduleId));
  // Seats in use: stale floating seats are free (the activation frees them first).
  const usedBy = await seatsInUse(
    ctx.prisma,
    licenses.map((l) => l.id),
    now,
  );
  const licenseViews = licenses.map((l) => toLicense(l, now, usedBy.get(l.id) ?? 0));
  // The most suitable license: usable (active, unexpired), with a free seat, the newest first
  // (a renewed or upgraded license rather than an old one that is about to end).
  const recommendedLicense =
    [...licenseViews]
      .sort((a, b) => b.id - a.id)
      .find((l) => l.usable && (l.maxInstances === null || l.activeInstances < l.maxInstances)) ?? null;
  const activeOnInstance = instanceModules.find((m) => m.moduleId === moduleId && m.isActive) ?? null;
  const activeMap = withBuiltIns(
    new Map(instanceModules.filter((m) => m.isActive).map((m) => [m.moduleId, m.moduleVersion.version])),
    builtIns,
  );
  return { licenses, licenseViews, recommendedLicense, activeOnInstance, activeMap, depVersions, depLicenses, builtInIds };
}

/** One dependency of the planned version: its state on the instance, the versions that fit the core, the org's license. */
function planDependency(d: PlannedVersion['dependencies'][number], held: Holdings, coreV: CoreVersion, now: Date): PlanDependency {
  const activeVersion = held.activeMap.get(d.dependsOnModuleId) ?? null;
  const state =
    activeVersion === null
      ? DependencyState.MISSING
      : safeCompare(activeVersion, d.minVersion) >= 0
        ? DependencyState.SATISFIED
        : DependencyState.VERSION_TOO_LOW;
  const fits = sortVersionsDesc(
    held.depVersions.filter(
      (v) =>
        v.moduleId === d.dependsOnModuleId &&
        !v.deprecatedAt &&
        safeCompare(v.version, d.minVersion) >= 0 &&
        fitsCore(v.compatibility, coreV),
    ),
  );
  return Object.assign(new PlanDependency(), {
    module: toListing(d.dependsOnModule),
    minVersion: d.minVersion,
    dependencyType: d.dependencyType,
    isRequired: d.isRequired,
    state,
    activeVersion,
    fittingVersions: fits.map(toRelease),
    orgHasActiveLicense: held.depLicenses.some((l) => l.moduleId === d.dependsOnModuleId && isLicenseUsableAt(l, now)),
    builtIn: held.builtInIds.has(d.dependsOnModuleId),
  });
}

/** Every blocker of the activation, with instanceActivateModule's codes, sorted in its check order. */
function planBlockers(plan: {
  instance: PlannerInstance;
  module: PlannedModule;
  approved: PlannedVersion[];
  recommended: PlannedVersion | null | undefined;
  planned: PlannedVersion;
  held: Holdings;
  requiredDependencies: PlanDependency[];
}): UserError[] {
  const { instance, module, approved, recommended, planned, held } = plan;
  const core = instance.core;
  const blockers: UserError[] = [];
  if (!instance.isActive) blockers.push(new UserError(E.INSTANCE_INACTIVE, `${instance.name} is deactivated.`, 'instanceId'));
  const isBuiltIn = held.builtInIds.has(module.id);
  if (isBuiltIn) blockers.push(new UserError(E.CORE_MODULE, builtInText(module.name, core.software.name), 'moduleVersionId'));
  if (held.activeOnInstance) {
    blockers.push(
      new UserError(
        E.MODULE_ALREADY_ACTIVE,
        `${module.name} ${held.activeOnInstance.moduleVersion.version} is already active on ${instance.name}; use an update to change its version.`,
        'moduleVersionId',
      ),
    );
  }
  // A core module needs no license: the license checks do not apply.
  const license = isBuiltIn ? null : licenseBlocker(module.name, held);
  if (license) blockers.push(license);
  if (!recommended) {
    const declared = sortVersionsDesc(approved)
      .map((v) => `${v.version}: ${describeRanges(v.compatibility, core.softwareId)}`)
      .join('; ');
    blockers.push(
      new UserError(
        E.VERSION_INCOMPATIBLE,
        `No approved version of ${module.name} supports ${core.software.name} core ${core.version} (${declared}).`,
        'moduleVersionId',
      ),
    );
  }
  const missing = plan.requiredDependencies.filter((d) => d.state !== DependencyState.SATISFIED);
  if (missing.length) {
    blockers.push(
      new UserError(
        E.DEPENDENCY_MISSING,
        `${module.name} ${planned.version} requires ${missing.map((d) => `${d.module.name} ≥ ${d.minVersion}`).join(', ')} active on this instance: activate ${missing.length > 1 ? 'them' : 'it'} first.`,
        'moduleVersionId',
      ),
    );
  }
  if (!isBuiltIn && held.licenseViews.some((l) => l.usable) && !held.recommendedLicense) {
    const l = held.licenseViews.find((x) => x.usable)!;
    blockers.push(
      new UserError(
        E.INSTANCE_LIMIT_REACHED,
        `Every usable ${module.name} license is at its plan's instance limit (${l.activeInstances}/${l.maxInstances}).`,
        'licenseId',
      ),
    );
  }
  return blockers.sort((a, b) => ACTIVATION_CHECK_ORDER.indexOf(a.code as E) - ACTIVATION_CHECK_ORDER.indexOf(b.code as E));
}

/** Why the org's licenses of the module cannot be used: none held, none active, or every one expired (null: one is usable). */
function licenseBlocker(moduleName: string, { licenses, licenseViews }: Holdings): UserError | null {
  if (licenses.length === 0) {
    return new UserError(E.LICENSE_NOT_FOUND, `Your organization holds no ${moduleName} license: buy one first.`, 'licenseId');
  }
  if (!licenses.some((l) => l.status === 'active')) {
    const statuses = [...new Set(licenses.map((l) => l.status))].join(' / ');
    return new UserError(
      E.LICENSE_NOT_ACTIVE,
      `Your ${moduleName} license${licenses.length > 1 ? 's are' : ' is'} ${statuses}, not active.`,
      'licenseId',
    );
  }
  if (!licenseViews.some((l) => l.usable)) {
    const last = licenses
      .map((l) => l.expiresAt)
      .filter((d): d is Date => !!d)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    return new UserError(
      E.LICENSE_EXPIRED,
      `Your ${moduleName} license expired${last ? ` on ${fmtDate(last)}` : ''}: renew it first.`,
      'licenseId',
    );
  }
  return null;
}

/** Hints that do not block: optional dependencies missing, a beta-only version, a core not validated. */
function planHints(
  instance: PlannerInstance,
  module: PlannedModule,
  recommended: PlannedVersion | null | undefined,
  optionalDependencies: PlanDependency[],
): ActivationHint[] {
  const hints: ActivationHint[] = optionalDependencies
    .filter((d) => d.state !== DependencyState.SATISFIED)
    .map((d) =>
      hint(
        H.OPTIONAL_DEPENDENCY_MISSING,
        `Optional: ${d.module.name} ≥ ${d.minVersion} adds features to ${module.name} (not required).`,
        d.module.id,
      ),
    );
  if (recommended?.status === 'beta')
    hints.push(hint(H.BETA_VERSION, `Only a beta release of ${module.name} (${recommended.version}) supports this core.`, module.id));
  if (instance.core.validationStatus !== 'validated') hints.push(hint(H.CORE_NOT_VALIDATED, coreStatusText(instance.core)));
  return hints;
}

// ───────────────────────────────────────────── core upgrade check

/**
 * What moving the instance to `targetCoreId` means for each active module: its version runs on the
 * target (STAYS_COMPATIBLE), a newer approved version does (NEEDS_UPDATE, with that version and
 * whether an update path exists), or none does (WOULD_BREAK).
 */
export async function coreUpgradeCheck(ctx: Context, instanceId: number, targetCoreId: number): Promise<CoreUpgradeCheck> {
  const instance = await requireInstance(ctx, instanceId, 'view_instances');
  const target = await ctx.prisma.softwareCore.findUnique({ where: { id: targetCoreId }, include: { software: true } });
  if (!target) throw notFound('Software core');
  if (target.softwareId !== instance.core.softwareId) throw badInput(`Choose a core of ${instance.core.software.name}.`, 'targetCoreId');
  const targetV = { softwareId: target.softwareId, version: target.version };
  const currentV = { softwareId: instance.core.softwareId, version: instance.core.version };

  const active = await ctx.prisma.instanceModule.findMany({
    where: { instanceId, isActive: true },
    include: { module: { include: { vendor: { select: { name: true } } } }, moduleVersion: { include: { compatibility: true } } },
    orderBy: { id: 'asc' },
  });
  const versions = active.length
    ? await ctx.prisma.moduleVersion.findMany({
        where: { moduleId: { in: active.map((a) => a.moduleId) }, status: { in: ['beta', 'stable'] } },
        include: { compatibility: true },
      })
    : [];

  const modules: CoreUpgradeModuleResult[] = [];
  for (const m of active) {
    const current = m.moduleVersion;
    const base = { instanceModule: m, module: toListing(m.module), currentVersion: toRelease(current) };
    const name = `${m.module.name} ${current.version}`;
    if (fitsCore(current.compatibility, targetV)) {
      modules.push(
        Object.assign(new CoreUpgradeModuleResult(), {
          ...base,
          outcome: CoreUpgradeOutcome.STAYS_COMPATIBLE,
          targetVersion: null,
          updatePathAvailable: false,
          message: `${name} supports ${target.version} (${describeRanges(current.compatibility, target.softwareId)}).`,
        }),
      );
      continue;
    }
    const newer = versions.filter(
      (v) => v.moduleId === m.moduleId && safeCompare(v.version, current.version) > 0 && fitsCore(v.compatibility, targetV),
    );
    const next = recommendVersion(newer);
    if (!next) {
      modules.push(
        Object.assign(new CoreUpgradeModuleResult(), {
          ...base,
          outcome: CoreUpgradeOutcome.WOULD_BREAK,
          targetVersion: null,
          updatePathAvailable: false,
          message: `${name} supports ${describeRanges(current.compatibility, target.softwareId)} and no approved newer version supports ${target.version}: it would stop working.`,
        }),
      );
      continue;
    }
    const path = await updatePathFor(ctx, current, next);
    const runsOnBoth = fitsCore(next.compatibility, currentV);
    modules.push(
      Object.assign(new CoreUpgradeModuleResult(), {
        ...base,
        outcome: CoreUpgradeOutcome.NEEDS_UPDATE,
        targetVersion: toRelease(next),
        updatePathAvailable: path.allowed,
        message: runsOnBoth
          ? `Update ${m.module.name} to ${next.version} before the core upgrade (it runs on both ${instance.core.version} and ${target.version}).`
          : `Update ${m.module.name} to ${next.version} right after the core upgrade (it does not run on ${instance.core.version}).`,
      }),
    );
  }
  const count = (o: CoreUpgradeOutcome) => modules.filter((x) => x.outcome === o).length;
  return Object.assign(new CoreUpgradeCheck(), {
    instanceId,
    currentCore: instance.core,
    targetCore: target,
    modules,
    staysCompatible: count(CoreUpgradeOutcome.STAYS_COMPATIBLE),
    needsUpdate: count(CoreUpgradeOutcome.NEEDS_UPDATE),
    wouldBreak: count(CoreUpgradeOutcome.WOULD_BREAK),
    safe: count(CoreUpgradeOutcome.WOULD_BREAK) === 0,
  });
}
