import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { notFound } from '../../core/errors';
import { InstanceModuleListing, InstanceModuleRelease, InstanceModuleUpdate } from '../instances';
import { instanceLoaders } from '../instances';
import { toListing, toRelease } from '../instances';
import {
  InstanceModuleAvailableUpdates,
  InstanceModuleUpdateConnection,
  InstanceModuleUpdatePayload,
  InstanceModuleUpdateReportInput,
  InstanceModuleUpdateRollbackInput,
  InstanceModuleUpdatesArgs,
  InstanceModuleUpdateStartInput,
  InstanceUpdateFlow,
} from './update.types';
import * as updates from './update.service';

@Resolver(() => InstanceModuleUpdate)
export class InstanceModuleUpdateResolver {
  @Authorized()
  @Query(() => [InstanceModuleAvailableUpdates], {
    description: 'Newer approved versions for each active module of an instance that run on its core (needs view_instances).',
  })
  availableUpdates(@Arg('instanceId', () => Int) instanceId: number, @Ctx() ctx: Context) {
    return updates.availableUpdates(ctx, instanceId);
  }

  @Authorized()
  @Query(() => InstanceModuleUpdateConnection, { description: 'Updates run on an instance, newest first (needs view_instances).' })
  instanceModuleUpdates(@Args(() => InstanceModuleUpdatesArgs) args: InstanceModuleUpdatesArgs, @Ctx() ctx: Context) {
    return updates.instanceModuleUpdates(ctx, args);
  }

  @Authorized()
  @Mutation(() => InstanceModuleUpdatePayload, {
    description:
      'Starts an update along an approved update flow or a drop-in path; breaking updates need confirmBreaking (needs manage_instances).',
  })
  instanceModuleUpdateStart(
    @Arg('input', () => InstanceModuleUpdateStartInput) input: InstanceModuleUpdateStartInput,
    @Ctx() ctx: Context,
  ) {
    return updates.startUpdate(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstanceModuleUpdatePayload, {
    description: 'Reports the outcome of an update in progress (normally sent by the instance itself; needs manage_instances).',
  })
  instanceModuleUpdateReport(
    @Arg('input', () => InstanceModuleUpdateReportInput) input: InstanceModuleUpdateReportInput,
    @Ctx() ctx: Context,
  ) {
    return updates.reportUpdate(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstanceModuleUpdatePayload, {
    description: "Rolls back a module's latest update along its flow's rollback path (needs manage_instances).",
  })
  instanceModuleUpdateRollback(
    @Arg('input', () => InstanceModuleUpdateRollbackInput) input: InstanceModuleUpdateRollbackInput,
    @Ctx() ctx: Context,
  ) {
    return updates.rollbackUpdate(ctx, input);
  }

  @FieldResolver(() => InstanceModuleRelease)
  async fromVersion(@Root() u: InstanceModuleUpdate, @Ctx() ctx: Context) {
    const v = await instanceLoaders(ctx).version.load(u.fromVersionId);
    if (!v) throw notFound('Module version');
    return toRelease(v);
  }

  @FieldResolver(() => InstanceModuleRelease)
  async toVersion(@Root() u: InstanceModuleUpdate, @Ctx() ctx: Context) {
    const v = await instanceLoaders(ctx).version.load(u.toVersionId);
    if (!v) throw notFound('Module version');
    return toRelease(v);
  }

  @FieldResolver(() => InstanceModuleListing)
  async module(@Root() u: InstanceModuleUpdate, @Ctx() ctx: Context) {
    const v = await instanceLoaders(ctx).version.load(u.toVersionId);
    const m = v ? await instanceLoaders(ctx).module.load(v.moduleId) : null;
    if (!m) throw notFound('Module');
    return toListing(m);
  }

  @FieldResolver(() => InstanceUpdateFlow)
  async flow(@Root() u: InstanceModuleUpdate, @Ctx() ctx: Context) {
    const f = await ctx.loaders.lazy('updates.flow', () => updates.flowLoader(ctx)).load(u.updateFlowId);
    if (!f) throw notFound('Update flow');
    return updates.toFlowInfo(f);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who started it (name only; null when started by the system).' })
  async performedByName(@Root() u: InstanceModuleUpdate, @Ctx() ctx: Context) {
    return u.performedById ? ((await instanceLoaders(ctx).userName.load(u.performedById))?.name ?? null) : null;
  }
}
