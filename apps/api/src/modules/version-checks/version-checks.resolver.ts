import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { UserError } from '../../core/errors';
import { VersionCheckError } from './version-checks.errors';
import { toPayload } from '../publishing';
import { ModuleSubmission, ModuleVersionIdInput, ModuleVersionPayload, VendorModuleVersion } from '../publishing';
import { AdminSoftwareCore } from '../softwares';
import {
  ModuleVersionRestoreInput,
  ModuleVersionWithdrawInput,
  CoreApiSurfaceSummary,
  ReviewRescan,
  ReviewRescanPayload,
  ReviewRescanProgress,
  ReviewRescanStartInput,
  SoftwareCoreApiSurfacePayload,
  SoftwareCoreApiSurfaceSetInput,
  ValidationCheckOverrideInput,
  VersionCheck,
  VersionCheckFinding,
  VersionCheckPayload,
  VersionFindingJustifyInput,
  VersionFindingPayload,
  VersionWithdrawalPayload,
} from './version-checks.types';
import * as checks from './version-checks.service';

@Resolver(() => VersionCheck)
export class VersionCheckResolver {
  @Authorized()
  @Mutation(() => ModuleVersionPayload, {
    description: '"Check my version": run every automated check of a draft again (vendor members).',
  })
  async moduleVersionCheck(@Arg('input', () => ModuleVersionIdInput) input: ModuleVersionIdInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ version: await checks.recheckVersion(ctx, input.versionId) }), { version: null });
  }

  @Authorized()
  @Mutation(() => VersionFindingPayload, { description: "Attach the vendor's justification to a blocking finding of a draft." })
  versionFindingJustify(@Arg('input', () => VersionFindingJustifyInput) input: VersionFindingJustifyInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ finding: await checks.justifyFinding(ctx, input) }), { finding: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VersionCheckPayload, {
    description: 'Override a failed automated check of a pending submission, with a reason (audited).',
  })
  validationCheckOverride(@Arg('input', () => ValidationCheckOverrideInput) input: ValidationCheckOverrideInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ check: await checks.overrideCheck(ctx, input) }), { check: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VersionWithdrawalPayload, {
    description: 'Withdraw (yank) an approved version: it leaves the catalog, downloads and activations; holders are notified.',
  })
  moduleVersionWithdraw(@Arg('input', () => ModuleVersionWithdrawInput) input: ModuleVersionWithdrawInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ version: await checks.withdrawVersion(ctx, input) }), { version: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VersionWithdrawalPayload, { description: 'Restore a withdrawn version to its channel.' })
  moduleVersionRestore(@Arg('input', () => ModuleVersionRestoreInput) input: ModuleVersionRestoreInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ version: await checks.restoreVersion(ctx, input) }), { version: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => ReviewRescanPayload, { description: 'Re-scan every published version (one job per version).' })
  reviewRescanStart(@Arg('input', () => ReviewRescanStartInput) input: ReviewRescanStartInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ rescan: await checks.startRescan(ctx, input) }), { rescan: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => ReviewRescan, { nullable: true, description: 'The latest re-scan, with its progress (platform admins).' })
  adminReviewRescan(@Ctx() ctx: Context) {
    return checks.latestRescan(ctx);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => SoftwareCoreApiSurfacePayload, {
    description: "Register (or replace) a core release's public API surface, against which module compatibility is verified.",
  })
  softwareCoreApiSurfaceSet(
    @Arg('input', () => SoftwareCoreApiSurfaceSetInput) input: SoftwareCoreApiSurfaceSetInput,
    @Ctx() ctx: Context,
  ) {
    return toPayload(async () => ({ surface: checks.coreApiSurfaceSummary(ctx, await checks.setCoreApiSurface(ctx, input)) }), {
      surface: null,
    });
  }

  @FieldResolver(() => [VersionCheckFinding])
  async findings(@Root() c: VersionCheck, @Ctx() ctx: Context) {
    return c.findings ?? checks.findingsOfCheck(ctx, c.id);
  }

  @FieldResolver(() => String, { description: 'passed, overridden, failed (failed or error) or pending (queued or running).' })
  effective(@Root() c: VersionCheck) {
    return checks.effectiveOf(c);
  }

  @FieldResolver(() => String, { nullable: true })
  async overriddenByName(@Root() c: VersionCheck, @Ctx() ctx: Context) {
    return c.overriddenById ? ((await ctx.loaders.user.load(c.overriddenById))?.name ?? null) : null;
  }
}

@Resolver(() => VendorModuleVersion)
export class VersionChecksOfVersionResolver {
  @FieldResolver(() => [VersionCheck], {
    description: 'The automated checks of this version with their findings (its vendor and platform admins).',
  })
  automatedChecks(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return checks.checksOf(ctx.prisma, v.id);
  }

  @FieldResolver(() => [VersionCheckError], { description: 'Why this draft cannot be submitted yet (empty: it can).' })
  async submitBlockers(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return (await checks.submissionBlockers(ctx.prisma, v.id)).map((b) => new UserError(b.code, b.message, 'versionId'));
  }

  @FieldResolver(() => Date, { nullable: true }) withdrawnAt(@Root() v: VendorModuleVersion & { withdrawnAt?: Date | null }) {
    return v.withdrawnAt ?? null;
  }

  @FieldResolver(() => String, { nullable: true }) withdrawnReason(@Root() v: VendorModuleVersion & { withdrawnReason?: string | null }) {
    return v.withdrawnReason ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: "The seed's imported 32-hex hash, kept as history." })
  importedHash(@Root() v: VendorModuleVersion & { importedHash?: string | null }) {
    return v.importedHash ?? null;
  }
}

@Resolver(() => ModuleSubmission)
export class SubmissionChecksResolver {
  @FieldResolver(() => [VersionCheck], {
    description: 'The automated checks of the submitted version, with findings and the code around them.',
  })
  automatedChecks(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    return checks.checksOf(ctx.prisma, s.versionId);
  }
}

@Resolver(() => ReviewRescan)
export class ReviewRescanResolver {
  @FieldResolver(() => ReviewRescanProgress)
  progress(@Root() r: ReviewRescan, @Ctx() ctx: Context) {
    return checks.rescanProgressOf(ctx, r.id);
  }
}

@Resolver(() => AdminSoftwareCore)
export class CoreApiSurfaceResolver {
  @FieldResolver(() => CoreApiSurfaceSummary, {
    nullable: true,
    description: 'The registered public API surface (counts); null while none is registered (platform admins).',
  })
  apiSurface(@Root() c: AdminSoftwareCore & { apiSurface?: unknown }, @Ctx() ctx: Context) {
    return checks.coreApiSurfaceSummary(ctx, c);
  }
}
