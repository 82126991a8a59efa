import { Arg, Args, Authorized, Ctx, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { compareSemver, isValidSemver, satisfiesCoreRange } from '@wk/domain';
import type { Context } from '../../core/context';
import { Vendor } from '../vendors';
import { VendorPricingPlan } from '../pricing';
import { VendorContract, currentContract } from '../contracts';
import { toPayload } from './payload';
import {
  LinkedModule,
  LinkedSoftware,
  LinkedVersion,
  ModuleCreateInput,
  ModuleSubmission,
  ModuleSubmissionConnection,
  ModuleUpdateInput,
  ModuleVersionDeprecateInput,
  ModuleVersionDiscardPayload,
  ModuleVersionIdInput,
  ModuleVersionPayload,
  ModuleVersionUpdateInput,
  ValidationCheck,
  ValidationCheckKind,
  VendorModule,
  VendorModuleConnection,
  VendorModulePayload,
  VendorModulesArgs,
  VendorModuleVersion,
  VendorSubmissionsArgs,
  VersionCompatibility,
  VersionDependency,
  VersionIntegration,
  VersionStage,
  VersionUpdateFlow,
} from './publishing.types';
import * as publishing from './publishing.service';
import { publishingLoaders } from './publishing.loaders';

const linkModule = (m: { id: number; slug: string; name: string } | null): LinkedModule | null =>
  m ? { id: m.id, slug: m.slug, name: m.name } : null;

@Resolver(() => VendorModule)
export class VendorModuleResolver {
  @Authorized()
  @Query(() => VendorModuleConnection, {
    description: "A vendor's own modules, every status (drafts, pending, published…), newest first. Vendor members and platform admins.",
  })
  vendorModules(@Args(() => VendorModulesArgs) args: VendorModulesArgs, @Ctx() ctx: Context) {
    return publishing.vendorModules(ctx, args);
  }

  @Authorized()
  @Query(() => VendorModule, { description: "One of the vendor's modules (vendor members and platform admins; others NOT_FOUND)." })
  vendorModule(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return publishing.vendorModule(ctx, id);
  }

  @Authorized()
  @Mutation(() => VendorModulePayload, { description: 'Create a module listing (draft until its first version is approved).' })
  moduleCreate(@Arg('input', () => ModuleCreateInput) input: ModuleCreateInput, @Ctx() ctx: Context): Promise<VendorModulePayload> {
    return toPayload(async () => ({ module: await publishing.createModule(ctx, input) }), { module: null });
  }

  @Authorized()
  @Mutation(() => VendorModulePayload, { description: 'Edit a module listing (the slug never changes).' })
  moduleUpdate(@Arg('input', () => ModuleUpdateInput) input: ModuleUpdateInput, @Ctx() ctx: Context): Promise<VendorModulePayload> {
    return toPayload(async () => ({ module: await publishing.updateModule(ctx, input) }), { module: null });
  }

  @FieldResolver(() => Vendor)
  async vendor(@Root() m: VendorModule, @Ctx() ctx: Context) {
    return ctx.loaders.vendor.load(m.vendorId);
  }

  @FieldResolver(() => [VendorModuleVersion], { description: 'Every version, highest semver first.' })
  async versions(@Root() m: VendorModule, @Ctx() ctx: Context) {
    const list = await publishingLoaders(ctx).versionsByModule.load(m.id);
    return [...list].sort((a, b) =>
      isValidSemver(a.version) && isValidSemver(b.version) ? compareSemver(b.version, a.version) : b.id - a.id,
    );
  }

  @FieldResolver(() => VendorModuleVersion, { nullable: true, description: 'The highest approved version.' })
  async latestApprovedVersion(@Root() m: VendorModule, @Ctx() ctx: Context) {
    const list = (await publishingLoaders(ctx).versionsByModule.load(m.id)).filter(
      (v) => publishing.isApproved(v.status) && isValidSemver(v.version),
    );
    return list.sort((a, b) => compareSemver(b.version, a.version))[0] ?? null;
  }

  @FieldResolver(() => [VendorPricingPlan], { description: 'Every plan, inactive ones included.' })
  pricingPlans(@Root() m: VendorModule, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).plansByModule.load(m.id);
  }

  @FieldResolver(() => [VendorContract], { description: 'Every contract version, latest effective date first.' })
  contracts(@Root() m: VendorModule, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).contractsByModule.load(m.id);
  }

  @FieldResolver(() => VendorContract, { nullable: true, description: 'The contract in effect now (what buyers accept at checkout).' })
  async currentContract(@Root() m: VendorModule, @Ctx() ctx: Context) {
    return currentContract(await publishingLoaders(ctx).contractsByModule.load(m.id), ctx.clock.now());
  }
}

@Resolver(() => VendorModuleVersion)
export class VendorModuleVersionResolver {
  @Authorized()
  @Query(() => VendorModuleVersion, {
    description: 'A version of one of your modules (vendor members and platform admins; others NOT_FOUND).',
  })
  vendorModuleVersion(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return publishing.vendorModuleVersion(ctx, id);
  }

  @Authorized()
  @Mutation(() => ModuleVersionPayload, {
    description: 'Edit a draft version (changelog, channel, compatibility, dependencies, integrations, update flow).',
  })
  moduleVersionUpdate(
    @Arg('input', () => ModuleVersionUpdateInput) input: ModuleVersionUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleVersionPayload> {
    return toPayload(async () => ({ version: await publishing.updateDraftVersion(ctx, input) }), { version: null });
  }

  @Authorized()
  @Mutation(() => ModuleVersionPayload, {
    description: 'Submit a draft version for review: creates a pending validation and notifies platform admins.',
  })
  moduleVersionSubmit(
    @Arg('input', () => ModuleVersionIdInput) input: ModuleVersionIdInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleVersionPayload> {
    return toPayload(async () => ({ version: await publishing.submitVersion(ctx, input.versionId) }), { version: null });
  }

  @Authorized()
  @Mutation(() => ModuleVersionDiscardPayload, { description: 'Delete a draft version that was never submitted (and its artifact).' })
  moduleVersionDiscard(
    @Arg('input', () => ModuleVersionIdInput) input: ModuleVersionIdInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleVersionDiscardPayload> {
    return toPayload(async () => ({ discardedVersionId: await publishing.discardDraft(ctx, input.versionId) }), {
      discardedVersionId: null,
    });
  }

  @Authorized()
  @Mutation(() => ModuleVersionPayload, { description: 'Deprecate an approved version, optionally naming its replacement.' })
  moduleVersionDeprecate(
    @Arg('input', () => ModuleVersionDeprecateInput) input: ModuleVersionDeprecateInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleVersionPayload> {
    return toPayload(async () => ({ version: await publishing.deprecateVersion(ctx, input) }), { version: null });
  }

  @FieldResolver(() => VersionStage)
  async stage(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishing.versionStage(v, await publishingLoaders(ctx).validationsByVersion.load(v.id));
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Artifact size in bytes.' })
  sizeBytes(@Root() v: VendorModuleVersion) {
    return v.sizeBytes === null || v.sizeBytes === undefined ? null : Number(v.sizeBytes);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether the artifact was uploaded through the platform (stored, with a SHA-256). Seed releases have none.',
  })
  hasArtifact(@Root() v: VendorModuleVersion) {
    return !!v.artifactKey && /^[a-f0-9]{64}$/.test(v.hash ?? '');
  }

  @FieldResolver(() => VendorModule)
  async module(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).module.load(v.moduleId);
  }

  @FieldResolver(() => [VersionCompatibility])
  compatibility(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).compatibilityByVersion.load(v.id);
  }

  @FieldResolver(() => [VersionDependency])
  dependencies(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).dependenciesByVersion.load(v.id);
  }

  @FieldResolver(() => [VersionIntegration])
  integrations(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).integrationsByVersion.load(v.id);
  }

  @FieldResolver(() => VersionUpdateFlow, {
    nullable: true,
    description: 'The update from the previous approved version, if there is one.',
  })
  async updateFlow(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return (await publishingLoaders(ctx).updateFlowsTo.load(v.id))[0] ?? null;
  }

  @FieldResolver(() => LinkedVersion, { nullable: true })
  async replacedBy(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return v.replacedByVersionId ? publishingLoaders(ctx).version.load(v.replacedByVersionId) : null;
  }

  @FieldResolver(() => [ModuleSubmission], { description: 'Every review of this version, newest first.' })
  submissions(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).validationsByVersion.load(v.id);
  }

  @FieldResolver(() => ModuleSubmission, { nullable: true })
  async latestSubmission(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return (await publishingLoaders(ctx).validationsByVersion.load(v.id))[0] ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async submittedByName(@Root() v: VendorModuleVersion, @Ctx() ctx: Context) {
    return v.submittedById ? ((await ctx.loaders.user.load(v.submittedById))?.name ?? null) : null;
  }
}

@Resolver(() => VersionCompatibility)
export class VersionCompatibilityResolver {
  @FieldResolver(() => LinkedSoftware)
  software(@Root() c: VersionCompatibility, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).software.load(c.softwareId);
  }

  @FieldResolver(() => [String], { description: 'Registered (not rejected) core versions inside the range.' })
  async matchingCoreVersions(@Root() c: VersionCompatibility, @Ctx() ctx: Context) {
    const cores = await publishingLoaders(ctx).coreVersionsBySoftware.load(c.softwareId);
    const list = cores.map((x) => x.version).filter(isValidSemver);
    return list.filter((x) => satisfiesCoreRange(x, c.minCoreVersion, c.maxCoreVersion)).sort(compareSemver);
  }
}

@Resolver(() => VersionDependency)
export class VersionDependencyResolver {
  @FieldResolver(() => LinkedModule)
  async module(@Root() d: VersionDependency, @Ctx() ctx: Context) {
    return linkModule(await publishingLoaders(ctx).module.load(d.dependsOnModuleId));
  }
}

@Resolver(() => VersionIntegration)
export class VersionIntegrationResolver {
  @FieldResolver(() => LinkedModule)
  async module(@Root() d: VersionIntegration, @Ctx() ctx: Context) {
    return linkModule(await publishingLoaders(ctx).module.load(d.integratesWithModuleId));
  }
}

@Resolver(() => VersionUpdateFlow)
export class VersionUpdateFlowResolver {
  @FieldResolver(() => LinkedVersion)
  fromVersion(@Root() f: VersionUpdateFlow, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).version.load(f.fromVersionId);
  }
}

@Resolver(() => ModuleSubmission)
export class ModuleSubmissionResolver {
  @Authorized()
  @Query(() => ModuleSubmissionConnection, {
    description: "A vendor's submissions with their review status and the reviewer's notes, newest first.",
  })
  vendorSubmissions(@Args(() => VendorSubmissionsArgs) args: VendorSubmissionsArgs, @Ctx() ctx: Context) {
    return publishing.vendorSubmissions(ctx, args);
  }

  @FieldResolver(() => [ValidationCheck], {
    description: 'Security scan, code review, performance test: passed/failed (null: not recorded) with notes.',
  })
  checks(@Root() s: ModuleSubmission): ValidationCheck[] {
    return [
      { kind: ValidationCheckKind.SECURITY_SCAN, passed: s.securityScanPassed, notes: s.securityScanNotes },
      { kind: ValidationCheckKind.CODE_REVIEW, passed: s.codeReviewPassed, notes: s.codeReviewNotes },
      { kind: ValidationCheckKind.PERFORMANCE_TEST, passed: s.performanceTested, notes: s.performanceNotes },
    ];
  }

  @FieldResolver(() => String, { nullable: true })
  async reviewerName(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    return s.reviewerId ? ((await ctx.loaders.user.load(s.reviewerId))?.name ?? null) : null;
  }

  @FieldResolver(() => VendorModuleVersion)
  version(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    return publishingLoaders(ctx).version.load(s.versionId);
  }

  @FieldResolver(() => VendorModule)
  async module(@Root() s: ModuleSubmission, @Ctx() ctx: Context) {
    const v = await publishingLoaders(ctx).version.load(s.versionId);
    return publishingLoaders(ctx).module.load(v!.moduleId);
  }
}
