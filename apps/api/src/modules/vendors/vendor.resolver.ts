import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Role } from '../../core/auth-checker';
import { formatRate } from '@wk/domain';
import { toPayload } from '../publishing';
import {
  AdminVendorsArgs,
  CommissionChange,
  Vendor,
  VendorCommissionUpdateInput,
  VendorConnection,
  VendorCreateInput,
  VendorIdInput,
  VendorOwner,
  VendorOwnerKind,
  VendorPayload,
  VendorUpdateInput,
} from './vendor.types';
import * as vendors from './vendor.service';
import { vendorLoaders } from './vendor.loaders';

@Resolver(() => Vendor)
export class VendorResolver {
  @Authorized()
  @Query(() => [Vendor], {
    description: 'Vendors the signed-in user runs: owned, through an organization they administer, or official ones for platform admins.',
  })
  myVendors(@Ctx() ctx: Context) {
    return vendors.myVendors(ctx);
  }

  @Authorized()
  @Query(() => Vendor, { description: 'A vendor the signed-in user runs (platform admins: any vendor). Others: NOT_FOUND.' })
  managedVendor(@Arg('id', () => Int) id: number, @Ctx() ctx: Context) {
    return vendors.vendorForMemberOrAdmin(ctx, id);
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Query(() => VendorConnection, {
    description: 'Every vendor (platform admins), by id, filtered by name/slug, verification and official flag.',
  })
  adminVendors(@Args(() => AdminVendorsArgs) args: AdminVendorsArgs, @Ctx() ctx: Context) {
    return vendors.adminVendors(ctx, args);
  }

  @Authorized()
  @Mutation(() => VendorPayload, {
    description: 'Become a vendor: personally, for an organization you administer (orgId), or an official vendor (platform admins).',
  })
  vendorCreate(@Arg('input', () => VendorCreateInput) input: VendorCreateInput, @Ctx() ctx: Context): Promise<VendorPayload> {
    return toPayload(async () => ({ vendor: await vendors.createVendor(ctx, input) }), { vendor: null });
  }

  @Authorized()
  @Mutation(() => VendorPayload, { description: 'Edit the vendor profile (vendor members).' })
  vendorUpdate(@Arg('input', () => VendorUpdateInput) input: VendorUpdateInput, @Ctx() ctx: Context): Promise<VendorPayload> {
    return toPayload(async () => ({ vendor: await vendors.updateVendor(ctx, input) }), { vendor: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VendorPayload, { description: 'Mark a vendor as verified (platform admins).' })
  vendorVerify(@Arg('input', () => VendorIdInput) input: VendorIdInput, @Ctx() ctx: Context): Promise<VendorPayload> {
    return toPayload(async () => ({ vendor: await vendors.setVendorVerified(ctx, input.vendorId, true) }), { vendor: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VendorPayload, { description: 'Remove the verified badge of a vendor (platform admins).' })
  vendorUnverify(@Arg('input', () => VendorIdInput) input: VendorIdInput, @Ctx() ctx: Context): Promise<VendorPayload> {
    return toPayload(async () => ({ vendor: await vendors.setVendorVerified(ctx, input.vendorId, false) }), { vendor: null });
  }

  @Authorized(Role.PLATFORM_ADMIN)
  @Mutation(() => VendorPayload, {
    description: "Change a vendor's commission rate from a date (platform admins); writes the commission history.",
  })
  vendorCommissionUpdate(
    @Arg('input', () => VendorCommissionUpdateInput) input: VendorCommissionUpdateInput,
    @Ctx() ctx: Context,
  ): Promise<VendorPayload> {
    return toPayload(async () => ({ vendor: await vendors.updateCommission(ctx, input) }), { vendor: null });
  }

  @FieldResolver(() => String, { description: 'Commission rate in effect now (vendor members and platform admins).' })
  async commissionRate(@Root() v: Vendor & { commissionRate: { toString(): string } }, @Ctx() ctx: Context): Promise<string> {
    await vendors.requireVendorPrivate(ctx, v.id);
    return vendors.currentCommissionRate(ctx, v as never);
  }

  @FieldResolver(() => [CommissionChange], { description: 'Every commission period, newest first (vendor members and platform admins).' })
  async commissionHistory(@Root() v: Vendor, @Ctx() ctx: Context): Promise<CommissionChange[]> {
    await vendors.requireVendorPrivate(ctx, v.id);
    const rows = await vendorLoaders(ctx).commissionHistory.load(v.id);
    return rows.map((h) => ({
      id: h.id,
      effectiveFrom: h.effectiveFrom,
      effectiveTo: h.effectiveTo,
      commissionRate: formatRate(h.commissionRate.toString()),
      changedByName: h.changedBy?.name ?? null,
      changedAt: h.changedAt,
    }));
  }

  @FieldResolver(() => VendorOwner, { description: 'Who runs the vendor (vendor members and platform admins).' })
  async owner(@Root() v: Vendor, @Ctx() ctx: Context): Promise<VendorOwner> {
    await vendors.requireVendorPrivate(ctx, v.id);
    const [user, org] = await Promise.all([
      v.userId ? ctx.loaders.user.load(v.userId) : null,
      v.orgId ? ctx.loaders.organization.load(v.orgId) : null,
    ]);
    return {
      kind: v.isOfficial ? VendorOwnerKind.PLATFORM : v.orgId ? VendorOwnerKind.ORGANIZATION : VendorOwnerKind.USER,
      userId: user?.id ?? null,
      userName: user?.name ?? null,
      userEmail: user?.email ?? null,
      orgId: org?.id ?? null,
      orgName: org?.name ?? null,
    };
  }

  @FieldResolver(() => Int, { description: 'Number of modules (every status) — vendor members and platform admins.' })
  async moduleCount(@Root() v: Vendor, @Ctx() ctx: Context): Promise<number> {
    await vendors.requireVendorPrivate(ctx, v.id);
    return (await vendorLoaders(ctx).moduleCount.load(v.id))?.count ?? 0;
  }
}
