import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import {
  AdminSoftware,
  AdminSoftwareCore,
  AdminSoftwareCorePayload,
  AdminSoftwarePayload,
  SoftwareCoreCreateInput,
  SoftwareCoreSetStatusInput,
  SoftwareCreateInput,
  SoftwareUpdateInput,
} from './software-admin.types';
import * as softwares from './software-admin.service';

@Resolver(() => AdminSoftware)
export class AdminSoftwareResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => [AdminSoftware], { description: 'Every registered software with all its core releases (platform admins).' })
  adminSoftwares(@Ctx() ctx: Context) {
    return softwares.listSoftwares(ctx);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwarePayload, { description: 'Register a software.' })
  softwareCreate(@Arg('input', () => SoftwareCreateInput) input: SoftwareCreateInput, @Ctx() ctx: Context): Promise<AdminSoftwarePayload> {
    return toPayload(async () => ({ software: await softwares.createSoftware(ctx, input) }), { software: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwarePayload, { description: 'Edit a software (name, paths, active flag; the slug never changes).' })
  softwareUpdate(@Arg('input', () => SoftwareUpdateInput) input: SoftwareUpdateInput, @Ctx() ctx: Context): Promise<AdminSoftwarePayload> {
    return toPayload(async () => ({ software: await softwares.updateSoftware(ctx, input) }), { software: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwareCorePayload, { description: 'Add a core release (pending validation).' })
  softwareCoreCreate(
    @Arg('input', () => SoftwareCoreCreateInput) input: SoftwareCoreCreateInput,
    @Ctx() ctx: Context,
  ): Promise<AdminSoftwareCorePayload> {
    return toPayload(async () => ({ core: await softwares.createCore(ctx, input) }), { core: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => AdminSoftwareCorePayload, { description: 'Mark a core release validated, rejected or pending again.' })
  softwareCoreSetStatus(
    @Arg('input', () => SoftwareCoreSetStatusInput) input: SoftwareCoreSetStatusInput,
    @Ctx() ctx: Context,
  ): Promise<AdminSoftwareCorePayload> {
    return toPayload(async () => ({ core: await softwares.setCoreStatus(ctx, input) }), { core: null });
  }

  @FieldResolver(() => [AdminSoftwareCore], { description: 'Every core release, highest version first.' })
  cores(@Root() s: AdminSoftware, @Ctx() ctx: Context) {
    return softwares.coresOf(ctx, s.id);
  }
}
