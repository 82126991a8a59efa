import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { notFound } from '../../core/errors';
import { SoftwareCore, Software } from '../softwares';
import {
  Instance,
  InstanceConnection,
  InstanceCreateInput,
  InstanceCredential,
  InstanceCredentialCreateInput,
  InstanceCredentialCreatePayload,
  InstanceCredentialRevokePayload,
  InstanceLicense,
  ActivationSeat,
  InstanceModule,
  InstanceModuleListing,
  InstanceModuleRelease,
  InstancePayload,
  InstanceUpdateInput,
  OrgInstancesArgs,
} from './instance.types';
import * as instances from './instance.service';
import { instanceLoaders } from './instance.loaders';
import { toLicense, toListing, toRelease } from './instance.mappers';
import { floatingWindow, seatFreedAt } from './seats';

@Resolver(() => Instance)
export class InstanceResolver {
  @Authorized()
  @Query(() => InstanceConnection, { description: "An organization's instances (needs view_instances), by name." })
  orgInstances(@Args(() => OrgInstancesArgs) args: OrgInstancesArgs, @Ctx() ctx: Context) {
    return instances.orgInstances(ctx, args);
  }

  @Authorized()
  @Query(() => Instance, { description: 'One instance (needs view_instances in its organization).' })
  instance(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return instances.instanceById(ctx, id);
  }

  @Authorized()
  @Query(() => [InstanceCredential], {
    description: "An instance's API credentials, revoked ones last (needs manage_instances). Secrets are never returned.",
  })
  instanceCredentials(@Arg('instanceId', () => Int) instanceId: number, @Ctx() ctx: Context) {
    return instances.listCredentials(ctx, instanceId);
  }

  @FieldResolver(() => SoftwareCore, { description: 'The core version the instance runs, with its validation status.' })
  core(@Root() i: Instance, @Ctx() ctx: Context) {
    return instances.coreOf(ctx, i);
  }

  @FieldResolver(() => Software, { description: 'The software the core belongs to.' })
  async software(@Root() i: Instance, @Ctx() ctx: Context) {
    return (await instances.coreOf(ctx, i)).software;
  }

  @FieldResolver(() => [InstanceModule], { description: 'Modules on the instance: the active ones, or all ever activated.' })
  modules(
    @Root() i: Instance,
    @Arg('includeInactive', () => Boolean, { defaultValue: false }) includeInactive: boolean,
    @Ctx() ctx: Context,
  ) {
    return instances.instanceModulesOf(ctx, i.id, includeInactive);
  }

  @Authorized()
  @Mutation(() => InstancePayload, {
    description: 'Registers an instance (needs manage_instances). Pending cores are allowed, rejected ones are not.',
  })
  instanceCreate(@Arg('input', () => InstanceCreateInput) input: InstanceCreateInput, @Ctx() ctx: Context) {
    return instances.createInstance(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstancePayload, {
    description: 'Renames an instance, changes its environment, domain or core (needs manage_instances).',
  })
  instanceUpdate(@Arg('input', () => InstanceUpdateInput) input: InstanceUpdateInput, @Ctx() ctx: Context) {
    return instances.updateInstance(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstancePayload, {
    description: 'Deactivates an instance and its modules; its credentials stop working (needs manage_instances).',
  })
  instanceDeactivate(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return instances.deactivateInstance(ctx, id);
  }

  @Authorized()
  @Mutation(() => InstanceCredentialCreatePayload, {
    description: 'Creates API credentials for an instance; the secret is returned this once (needs manage_instances).',
  })
  instanceCredentialCreate(@Arg('input', () => InstanceCredentialCreateInput) input: InstanceCredentialCreateInput, @Ctx() ctx: Context) {
    return instances.createCredential(ctx, input);
  }

  @Authorized()
  @Mutation(() => InstanceCredentialRevokePayload, { description: 'Revokes API credentials at once (needs manage_instances).' })
  instanceCredentialRevoke(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return instances.revokeCredential(ctx, id);
  }
}

@Resolver(() => InstanceModule)
export class InstanceModuleResolver {
  @FieldResolver(() => InstanceModuleListing)
  async module(@Root() m: InstanceModule, @Ctx() ctx: Context) {
    const row = await instanceLoaders(ctx).module.load(m.moduleId);
    if (!row) throw notFound('Module');
    return toListing(row);
  }

  @FieldResolver(() => InstanceModuleRelease, { description: 'The version installed now.' })
  async version(@Root() m: InstanceModule, @Ctx() ctx: Context) {
    const row = await instanceLoaders(ctx).version.load(m.moduleVersionId);
    if (!row) throw notFound('Module version');
    return toRelease(row);
  }

  @FieldResolver(() => InstanceLicense, { description: 'The license the activation uses.' })
  async license(@Root() m: InstanceModule, @Ctx() ctx: Context) {
    const loaders = instanceLoaders(ctx);
    const [row, used] = await Promise.all([loaders.license.load(m.licenseId), loaders.activeInstancesByLicense.load(m.licenseId)]);
    if (!row) throw notFound('License');
    return toLicense(row, ctx.clock.now(), used);
  }

  @FieldResolver(() => ActivationSeat, { description: 'How it holds its seat: node-locked, or floating with a heartbeat deadline.' })
  async seat(@Root() m: InstanceModule, @Ctx() ctx: Context): Promise<ActivationSeat> {
    const row = await instanceLoaders(ctx).license.load(m.licenseId);
    const plan = row?.pricingPlan ?? null;
    const window = floatingWindow(plan);
    const freesAt = m.isActive ? seatFreedAt(plan, m) : null;
    return Object.assign(new ActivationSeat(), {
      policy: window === null ? 'node_locked' : 'floating',
      heartbeatWindowMinutes: window,
      freesAt,
      stale: !!freesAt && freesAt.getTime() <= ctx.clock.now().getTime(),
    });
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who activated it (name only).' })
  async activatedByName(@Root() m: InstanceModule, @Ctx() ctx: Context) {
    return m.activatedById ? ((await instanceLoaders(ctx).userName.load(m.activatedById))?.name ?? null) : null;
  }
}
