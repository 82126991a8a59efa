/**
 * A module's contracts (EULA or custom terms): versions, the one in effect at a date, withdrawal before it takes effect.
 */
import type { ContractType, ModuleContract } from '@wk/db';
import type { Context } from '../../core/context';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { isHttpUrl } from '../vendors';
import { ErrorBag, PublishingErrorCode as E, clean, fail, moduleForWrite } from '../publishing';

const CONTRACT_VERSION = /^\d{1,4}(\.\d{1,4}){0,3}$/;

function compareDotted(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The contract in effect at `at`: the active one with the latest effectiveFrom ≤ at. */
export function currentContract<T extends Pick<ModuleContract, 'effectiveFrom' | 'isActive' | 'id'>>(
  contracts: readonly T[],
  at: Date,
): T | null {
  let best: T | null = null;
  for (const c of contracts) {
    if (!c.isActive || c.effectiveFrom.getTime() > at.getTime()) continue;
    if (
      !best ||
      c.effectiveFrom.getTime() > best.effectiveFrom.getTime() ||
      (c.effectiveFrom.getTime() === best.effectiveFrom.getTime() && c.id > best.id)
    )
      best = c;
  }
  return best;
}

/**
 * Adds a contract version: greater than every earlier version, with a terms URL or a text, and
 * effective from a date not in the past and not before the latest contract's date. It becomes
 * the module's active contract (what checkout asks buyers to accept) from that date.
 */
export async function createContract(
  ctx: Context,
  input: {
    moduleId: number;
    version: string;
    contractType: ContractType;
    termsUrl?: string | null;
    body?: string | null;
    effectiveFrom?: Date | null;
  },
): Promise<ModuleContract> {
  const { module, vendor } = await moduleForWrite(ctx, input.moduleId);
  const bag = new ErrorBag();
  const version = input.version.trim();
  if (!CONTRACT_VERSION.test(version)) bag.add(E.CONTRACT_VERSION_INVALID, 'Use a version number such as 1.0 or 2.1.', 'version');
  const termsUrl = clean(input.termsUrl);
  const body = clean(input.body);
  if (!termsUrl && !body) bag.add(E.CONTRACT_TERMS_REQUIRED, 'Give the terms: a URL, the text, or both.', 'body');
  if (termsUrl && !isHttpUrl(termsUrl)) bag.add(E.INVALID_URL, 'Enter the full http(s) URL of the terms.', 'termsUrl');
  const now = ctx.clock.now();
  const from = input.effectiveFrom ?? now;
  if (from.getTime() < now.getTime() - 60_000)
    bag.add(E.CONTRACT_EFFECTIVE_IN_PAST, 'A contract cannot take effect in the past.', 'effectiveFrom');
  bag.throwIfAny();
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM modules WHERE id = ${module.id} FOR UPDATE`;
    const existing = await tx.moduleContract.findMany({ where: { moduleId: module.id } });
    if (existing.some((c) => c.version === version))
      fail(E.CONTRACT_VERSION_EXISTS, `Version ${version} of the contract already exists.`, 'version');
    const greatest = existing.filter((c) => CONTRACT_VERSION.test(c.version)).sort((a, b) => compareDotted(b.version, a.version))[0];
    if (greatest && compareDotted(version, greatest.version) <= 0)
      fail(E.CONTRACT_VERSION_NOT_GREATER, `The version must be greater than ${greatest.version}.`, 'version');
    const latestFrom = Math.max(0, ...existing.filter((c) => c.isActive).map((c) => c.effectiveFrom.getTime()));
    if (from.getTime() < latestFrom)
      fail(
        E.CONTRACT_EFFECTIVE_BEFORE_CURRENT,
        `It cannot take effect before the latest contract (${new Date(latestFrom).toISOString().slice(0, 10)}).`,
        'effectiveFrom',
      );
    const c = await tx.moduleContract.create({
      data: {
        moduleId: module.id,
        version,
        contractType: input.contractType,
        termsUrl,
        body,
        effectiveFrom: from,
        isActive: true,
        createdAt: now,
      },
    });
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'module_contract',
      entityId: c.id,
      orgId: vendor.orgId,
      newValue: { moduleId: module.id, version, contractType: c.contractType, termsUrl, effectiveFrom: from },
    });
    return c;
  });
}

/** Withdraws a contract version that has not taken effect yet (and was never accepted). */
export async function withdrawContract(ctx: Context, contractId: number): Promise<ModuleContract> {
  const c = await ctx.prisma.moduleContract.findUnique({ where: { id: contractId } });
  if (!c) throw notFound('Contract');
  const { vendor } = await moduleForWrite(ctx, c.moduleId).catch(() => {
    throw notFound('Contract');
  });
  if (
    c.effectiveFrom.getTime() <= ctx.clock.now().getTime() ||
    (await ctx.prisma.licenseContractAcceptance.count({ where: { contractId: c.id } })) > 0
  ) {
    fail(E.CONTRACT_ALREADY_EFFECTIVE, 'This contract is already in effect; publish a new version instead.', 'contractId');
  }
  if (!c.isActive) fail(E.CONTRACT_ALREADY_EFFECTIVE, 'This contract was already withdrawn.', 'contractId');
  return ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.moduleContract.update({ where: { id: c.id }, data: { isActive: false } });
    await audit(tx, ctx, {
      action: 'withdraw',
      entityType: 'module_contract',
      entityId: c.id,
      orgId: vendor.orgId,
      oldValue: { isActive: true },
      newValue: { isActive: false },
    });
    return updated;
  });
}
