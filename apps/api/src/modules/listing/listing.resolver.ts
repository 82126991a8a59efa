import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { CatalogModule } from '../catalog';
import { modulePreview } from '../catalog';
import { VendorModule } from '../publishing';
import { moduleForWrite } from '../publishing';
import { toPayload } from '../publishing';
import {
  ModuleListingLinks,
  ModuleListingLinksPayload,
  ModuleListingLinksUpdateInput,
  ModuleScreenshot,
  ModuleScreenshotDeleteInput,
  ModuleScreenshotDeletePayload,
  ModuleScreenshotPayload,
  ModuleScreenshotsPayload,
  ModuleScreenshotsReorderInput,
  ModuleScreenshotUpdateInput,
  ModuleSupport,
} from './listing.types';
import * as listing from './listing.service';

/** What buyers see of a listing besides its text: screenshots and support links. */
@Resolver(() => CatalogModule)
export class CatalogListingResolver {
  @FieldResolver(() => [ModuleScreenshot], { description: 'Screenshots in the vendor’s order (at most 8).' })
  screenshots(@Root() m: CatalogModule, @Ctx() ctx: Context): Promise<ModuleScreenshot[]> {
    return listing.screenshotsOf(ctx, m.id);
  }

  @FieldResolver(() => ModuleSupport, { description: 'Support e-mail (the vendor’s when the module has none) and the listing’s links.' })
  support(@Root() m: CatalogModule, @Ctx() ctx: Context): Promise<ModuleSupport> {
    return listing.moduleSupport(ctx, m.id);
  }

  @Authorized()
  @Query(() => CatalogModule, {
    description:
      "A module exactly as the catalog would show it, whatever its status: the vendor's listing preview (vendor members; others → NOT_FOUND).",
  })
  async vendorModulePreview(@Arg('moduleId', () => Int) moduleId: number, @Ctx() ctx: Context): Promise<CatalogModule> {
    await moduleForWrite(ctx, moduleId);
    return modulePreview(ctx, moduleId);
  }
}

/** The vendor's side: links and screenshots of its own modules. */
@Resolver(() => VendorModule)
export class VendorListingResolver {
  @FieldResolver(() => ModuleListingLinks)
  async listingLinks(@Root() m: VendorModule, @Ctx() ctx: Context): Promise<ModuleListingLinks> {
    return listing.linksOfModule(ctx, m.id);
  }

  @FieldResolver(() => [ModuleScreenshot])
  screenshots(@Root() m: VendorModule, @Ctx() ctx: Context): Promise<ModuleScreenshot[]> {
    return listing.screenshotsOf(ctx, m.id);
  }

  @Authorized()
  @Mutation(() => ModuleListingLinksPayload, {
    description: 'Set the listing’s support e-mail and links (vendor members; another vendor’s module → NOT_FOUND).',
  })
  moduleListingLinksUpdate(
    @Arg('input', () => ModuleListingLinksUpdateInput) input: ModuleListingLinksUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleListingLinksPayload> {
    return toPayload(() => listing.updateLinks(ctx, input), { links: null });
  }

  @Authorized()
  @Mutation(() => ModuleScreenshotPayload, { description: 'Change a screenshot’s alt text (vendor members).' })
  moduleScreenshotUpdate(
    @Arg('input', () => ModuleScreenshotUpdateInput) input: ModuleScreenshotUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleScreenshotPayload> {
    return toPayload(() => listing.updateScreenshot(ctx, input), { screenshot: null });
  }

  @Authorized()
  @Mutation(() => ModuleScreenshotsPayload, { description: 'Put the module’s screenshots in a new order (vendor members).' })
  moduleScreenshotsReorder(
    @Arg('input', () => ModuleScreenshotsReorderInput) input: ModuleScreenshotsReorderInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleScreenshotsPayload> {
    return toPayload(() => listing.reorderScreenshots(ctx, input), { screenshots: null });
  }

  @Authorized()
  @Mutation(() => ModuleScreenshotDeletePayload, { description: 'Delete a screenshot and its stored image (vendor members).' })
  moduleScreenshotDelete(
    @Arg('input', () => ModuleScreenshotDeleteInput) input: ModuleScreenshotDeleteInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleScreenshotDeletePayload> {
    return toPayload(() => listing.deleteScreenshot(ctx, input.screenshotId), { deletedScreenshotId: null });
  }
}
