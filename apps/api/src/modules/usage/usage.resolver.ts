import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { InstanceModuleListing, InstanceModuleRelease } from '../instances';
import { instanceLoaders } from '../instances';
import { toListing, toRelease } from '../instances';
import {
  InstanceErrorResolveInput,
  InstanceErrorResolvePayload,
  InstanceErrorsArgs,
  InstanceUsageReport,
  ModuleErrorGroup,
  ModuleErrorGroupConnection,
  VendorModuleUsageReport,
  VendorUsageSummary,
} from './usage.types';
import * as usage from './usage.service';

@Resolver(() => ModuleErrorGroup)
export class UsageResolver {
  @Authorized()
  @Query(() => InstanceUsageReport, {
    description: "Daily usage of an instance's modules (needs view_instances). Without dates: the 30 days up to the latest report.",
  })
  instanceUsage(
    @Arg('instanceId', () => Int) instanceId: number,
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) from: string | null,
    @Arg('to', () => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) to: string | null,
    @Ctx() ctx: Context,
  ) {
    return usage.instanceUsage(ctx, instanceId, from, to);
  }

  @Authorized()
  @Query(() => ModuleErrorGroupConnection, {
    description: 'Errors reported by an instance, grouped by fingerprint, most recent first (needs view_instances).',
  })
  instanceErrors(@Args(() => InstanceErrorsArgs) args: InstanceErrorsArgs, @Ctx() ctx: Context) {
    return usage.instanceErrors(ctx, args);
  }

  @Authorized()
  @Mutation(() => InstanceErrorResolvePayload, {
    description: 'Marks an error resolved or open again (needs manage_instances). A new occurrence reopens it.',
  })
  instanceErrorResolve(@Arg('input', () => InstanceErrorResolveInput) input: InstanceErrorResolveInput, @Ctx() ctx: Context) {
    return usage.resolveError(ctx, input);
  }

  @Authorized()
  @Query(() => VendorModuleUsageReport, {
    description:
      "Usage and errors of one of the vendor's modules per module version × core version, aggregated over every install (vendor members only).",
  })
  vendorModuleUsage(
    @Arg('moduleId', () => Int) moduleId: number,
    @Arg('from', () => String, { nullable: true }) from: string | null,
    @Arg('to', () => String, { nullable: true }) to: string | null,
    @Ctx() ctx: Context,
  ) {
    return usage.vendorModuleUsage(ctx, moduleId, from, to);
  }

  @Authorized()
  @Query(() => VendorUsageSummary, { description: "Usage totals of each of the vendor's modules (vendor members only)." })
  vendorUsageSummary(
    @Arg('vendorId', () => Int) vendorId: number,
    @Arg('from', () => String, { nullable: true }) from: string | null,
    @Arg('to', () => String, { nullable: true }) to: string | null,
    @Ctx() ctx: Context,
  ) {
    return usage.vendorUsageSummary(ctx, vendorId, from, to);
  }

  @FieldResolver(() => InstanceModuleListing)
  async module(@Root() e: ModuleErrorGroup, @Ctx() ctx: Context) {
    const im = await ctx.loaders.lazy('usage.instanceModule', () => usage.instanceModuleLoader(ctx)).load(e.instanceModuleId);
    const m = im ? await instanceLoaders(ctx).module.load(im.moduleId) : null;
    return m ? toListing(m) : null;
  }

  @FieldResolver(() => InstanceModuleRelease, { nullable: true, description: 'The version the instance ran at the last occurrence.' })
  async version(@Root() e: ModuleErrorGroup, @Ctx() ctx: Context) {
    if (!e.moduleVersionId) return null;
    const v = await instanceLoaders(ctx).version.load(e.moduleVersionId);
    return v ? toRelease(v) : null;
  }
}
