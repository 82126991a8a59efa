import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { toPayload } from '../publishing';
import { AdminSoftware } from '../softwares';
import { CatalogModule } from '../catalog';
import { Instance, InstanceModuleListing } from '../instances';
import { instanceLoaders } from '../instances';
import { Software } from '../softwares';
import { AdminCoreModule, BuiltInModule, CoreModuleMarkInput, CoreModuleMarkPayload, CoreModuleUnmarkPayload } from './core-module.types';
import * as coreModules from './core-module.service';

@Resolver(() => AdminSoftware)
export class CoreModuleAdminResolver {
  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CoreModuleMarkPayload, {
    description: 'Make an official module core for a software: always active on its instances, no license, never deactivated.',
  })
  coreModuleMark(@Arg('input', () => CoreModuleMarkInput) input: CoreModuleMarkInput, @Ctx() ctx: Context): Promise<CoreModuleMarkPayload> {
    return toPayload(async () => ({ coreModule: await coreModules.markCoreModule(ctx, input) }), { coreModule: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => CoreModuleUnmarkPayload, {
    description: 'Make a core module an ordinary module again (refused while instances rely on it for a required dependency).',
  })
  coreModuleUnmark(
    @Arg('input', () => CoreModuleMarkInput) input: CoreModuleMarkInput,
    @Ctx() ctx: Context,
  ): Promise<CoreModuleUnmarkPayload> {
    return toPayload(async () => ({ moduleId: await coreModules.unmarkCoreModule(ctx, input) }), { moduleId: null });
  }

  @FieldResolver(() => [InstanceModuleListing], {
    description: 'Modules that can be marked core: official, with an approved version for this software, not core yet.',
  })
  coreModuleCandidates(@Root() s: AdminSoftware, @Ctx() ctx: Context) {
    return coreModules.coreModuleCandidates(ctx, s.id);
  }

  @FieldResolver(() => [AdminCoreModule], { description: 'The modules marked core for this software.' })
  coreModules(@Root() s: AdminSoftware, @Ctx() ctx: Context) {
    return coreModules.coreModulesOfSoftware(ctx, s.id);
  }
}

@Resolver(() => Instance)
export class InstanceBuiltInModulesResolver {
  @FieldResolver(() => [BuiltInModule], {
    description: "The core modules of the instance's software: always active, at the version its core runs, no license needed.",
  })
  async builtInModules(@Root() i: Instance, @Ctx() ctx: Context) {
    const core = await instanceLoaders(ctx).core.load(i.coreId);
    return core ? coreModules.builtInModulesView(ctx, core) : [];
  }
}

@Resolver(() => CatalogModule)
export class CatalogModuleBuiltInResolver {
  @FieldResolver(() => [Software], {
    description: 'Softwares this module is built into (a core module): it is active on all their instances without a license.',
  })
  builtInto(@Root() m: CatalogModule, @Ctx() ctx: Context) {
    return coreModules.coreSoftwaresOf(ctx, m.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'A core module of every software its approved versions support: active on every instance it could run on, so it cannot be bought.',
  })
  builtInEverywhere(@Root() m: CatalogModule, @Ctx() ctx: Context) {
    return coreModules.isBuiltInEverywhere(ctx, m.id);
  }
}
