import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/context';
import { Receipt } from './receipt.types';
import { getReceipt, getReceiptByNumber } from './receipt.service';
import { toReceipt } from './receipt.mapper';

@Resolver(() => Receipt)
export class ReceiptResolver {
  @Authorized()
  @Query(() => Receipt, { description: 'A receipt by id (billing permission in its org; another org → NOT_FOUND).' })
  async receipt(@Arg('id', () => Int) id: number, @Ctx() ctx: Context): Promise<Receipt> {
    return toReceipt(await getReceipt(ctx, id));
  }

  @Authorized()
  @Query(() => Receipt, { description: 'A receipt by its number, e.g. INV-2026-000001.' })
  async receiptByNumber(@Arg('number', () => String) number: string, @Ctx() ctx: Context): Promise<Receipt> {
    return toReceipt(await getReceiptByNumber(ctx, number.slice(0, 40)));
  }
}
