import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { publishingLoaders, toPayload } from '../publishing';
import { ModuleContractCreateInput, ModuleContractIdInput, ModuleContractPayload, VendorContract } from './contract.types';
import * as contracts from './contract.service';

@Resolver(() => VendorContract)
export class VendorContractResolver {
  @Authorized()
  @Mutation(() => ModuleContractPayload, { description: 'Publish a new contract version; it becomes the active contract from its date.' })
  moduleContractCreate(
    @Arg('input', () => ModuleContractCreateInput) input: ModuleContractCreateInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleContractPayload> {
    return toPayload(async () => ({ contract: await contracts.createContract(ctx, input) }), { contract: null });
  }

  @Authorized()
  @Mutation(() => ModuleContractPayload, { description: 'Withdraw a contract version that has not taken effect yet.' })
  moduleContractWithdraw(
    @Arg('input', () => ModuleContractIdInput) input: ModuleContractIdInput,
    @Ctx() ctx: Context,
  ): Promise<ModuleContractPayload> {
    return toPayload(async () => ({ contract: await contracts.withdrawContract(ctx, input.contractId) }), { contract: null });
  }

  @FieldResolver(() => Boolean, { description: 'Whether this is the contract in effect now.' })
  async isCurrent(@Root() c: VendorContract, @Ctx() ctx: Context) {
    return contracts.currentContract(await publishingLoaders(ctx).contractsByModule.load(c.moduleId), ctx.clock.now())?.id === c.id;
  }

  @FieldResolver(() => Int, { description: 'How many licenses accepted this version.' })
  async acceptanceCount(@Root() c: VendorContract, @Ctx() ctx: Context) {
    return (await publishingLoaders(ctx).acceptanceCountByContract.load(c.id))?.count ?? 0;
  }
}
