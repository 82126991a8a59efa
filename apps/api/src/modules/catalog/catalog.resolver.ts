import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Public } from '../../core/auth-checker';
import {
  CatalogCategory,
  CatalogModule,
  CatalogModuleConnection,
  CatalogModulesArgs,
  CatalogVendorFacet,
  CompatibilityMatrix,
  InstanceCompatibilityHint,
} from './catalog.types';
import * as catalog from './catalog.service';

@Resolver(() => CatalogModule)
export class CatalogResolver {
  @Public()
  @Query(() => CatalogModuleConnection, {
    description: 'The storefront: published modules with an approved version (the same set for every caller).',
  })
  catalogModules(@Args(() => CatalogModulesArgs) args: CatalogModulesArgs, @Ctx() ctx: Context) {
    return catalog.listCatalog(ctx, args);
  }

  @Public()
  @Query(() => CatalogModule, { description: 'A module page. NOT_FOUND unless the module is in the catalog.' })
  module(@Arg('slug', () => String) slug: string, @Ctx() ctx: Context) {
    return catalog.moduleBySlug(ctx, slug);
  }

  @Public()
  @Query(() => [CatalogCategory], { description: 'Categories of catalog modules, with counts (for the category filter).' })
  catalogCategories(@Ctx() ctx: Context) {
    return catalog.categories(ctx);
  }

  @Public()
  @Query(() => [CatalogVendorFacet], { description: 'Vendors with at least one catalog module (for the vendor filter).' })
  catalogVendors(@Ctx() ctx: Context) {
    return catalog.vendors(ctx);
  }

  @FieldResolver(() => [String], {
    description: 'Approved versions (newest first) whose declared range contains this core version, optionally for one software (slug).',
  })
  compatibleVersionsWith(
    @Root() mod: CatalogModule,
    @Arg('coreVersion', () => String) coreVersion: string,
    @Arg('software', () => String, { nullable: true }) software: string | null,
  ) {
    return catalog.compatibleVersionsWith(mod, coreVersion.slice(0, 64), software ?? null);
  }

  @FieldResolver(() => [CompatibilityMatrix], { description: 'Versions × known core versions, per software the module declares.' })
  compatibilityMatrix(@Root() mod: CatalogModule, @Ctx() ctx: Context) {
    return catalog.compatibilityMatrix(ctx, mod);
  }

  @FieldResolver(() => [InstanceCompatibilityHint], {
    description:
      'For a signed-in viewer: each active instance of their organizations (where they may view instances) and the versions it can run. Empty when signed out.',
  })
  compatibleInstances(@Root() mod: CatalogModule, @Ctx() ctx: Context) {
    return catalog.instanceHints(ctx, mod);
  }
}
