import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { PageArgs } from '../../core/pagination';
import { JSONScalar } from '../../core/scalars';
import { ActivationLogConnection, ActivationLogEntry, Instance, InstanceModuleListing, InstanceModuleRelease } from '../instances';
import { instanceLoaders } from '../instances';
import { toListing, toRelease } from '../instances';
import {
  ActivationCandidate,
  ActivationPlan,
  CoreUpgradeCheck,
  InstanceActivateModuleInput,
  InstanceActivateModulePayload,
  InstanceDeactivateModuleInput,
  InstanceDeactivateModulePayload,
} from './activation.types';
import * as activation from './activation.service';
import * as planner from './planner.service';

@ArgsType()
class ActivationLogArgs extends PageArgs {
  @Field(() => Int, { nullable: true, description: 'Only this module.' }) moduleId?: number | null;
}

@Resolver(() => Instance)
export class InstanceActivationResolver {
  @Authorized()
  @Query(() => ActivationPlan, {
    description: 'What activating a module on an instance takes and what blocks it, before anything is attempted (needs view_instances).',
  })
  instanceActivationPlan(
    @Arg('instanceId', () => Int) instanceId: number,
    @Arg('moduleId', () => Int) moduleId: number,
    @Ctx() ctx: Context,
  ) {
    return planner.activationPlan(ctx, instanceId, moduleId);
  }

  @Authorized()
  @Query(() => [ActivationCandidate], {
    description: 'Published modules to offer in the activation dialog, licensed ones first (needs view_instances).',
  })
  instanceActivationCandidates(@Arg('instanceId', () => Int) instanceId: number, @Ctx() ctx: Context) {
    return planner.activationCandidates(ctx, instanceId);
  }

  @Authorized()
  @Query(() => CoreUpgradeCheck, {
    description: 'Which active modules stay compatible, need an update or would break on another core version (needs view_instances).',
  })
  coreUpgradeCheck(
    @Arg('instanceId', () => Int) instanceId: number,
    @Arg('targetCoreId', () => Int) targetCoreId: number,
    @Ctx() ctx: Context,
  ) {
    return planner.coreUpgradeCheck(ctx, instanceId, targetCoreId);
  }

  @Authorized()
  @Mutation(() => InstanceActivateModulePayload, {
    description: 'Activates a module version on an instance with every check, logged whatever the outcome (needs manage_instances).',
  })
  instanceActivateModule(@Arg('input', () => InstanceActivateModuleInput) input: InstanceActivateModuleInput, @Ctx() ctx: Context) {
    return activation.activateModule(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstanceDeactivateModulePayload, {
    description: 'Deactivates a module on an instance, freeing its license slot (needs manage_instances).',
  })
  instanceDeactivateModule(@Arg('input', () => InstanceDeactivateModuleInput) input: InstanceDeactivateModuleInput, @Ctx() ctx: Context) {
    return activation.deactivateModule(ctx, input);
  }

  @FieldResolver(() => ActivationLogConnection, {
    description: 'Every activation, deactivation, update and rollback attempt on the instance, newest first.',
  })
  activationLog(@Root() i: Instance, @Args(() => ActivationLogArgs) args: ActivationLogArgs, @Ctx() ctx: Context) {
    return activation.activationLog(ctx, i.id, args);
  }
}

@Resolver(() => ActivationLogEntry)
export class ActivationLogEntryResolver {
  @FieldResolver(() => InstanceModuleListing)
  async module(@Root() e: ActivationLogEntry, @Ctx() ctx: Context) {
    const m = await instanceLoaders(ctx).module.load(e.moduleId);
    return m ? toListing(m) : null;
  }

  @FieldResolver(() => InstanceModuleRelease, { nullable: true })
  async version(@Root() e: ActivationLogEntry, @Ctx() ctx: Context) {
    if (!e.moduleVersionId) return null;
    const v = await instanceLoaders(ctx).version.load(e.moduleVersionId);
    return v ? toRelease(v) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who did it (name only; null for the system or the instance itself).' })
  async performedByName(@Root() e: ActivationLogEntry, @Ctx() ctx: Context) {
    return e.performedById ? ((await instanceLoaders(ctx).userName.load(e.performedById))?.name ?? null) : null;
  }

  @FieldResolver(() => JSONScalar, { nullable: true, description: 'Details: ip, versions, expected/got hashes, limits…' })
  metadata(@Root() e: ActivationLogEntry) {
    return e.metadata ?? null;
  }
}
