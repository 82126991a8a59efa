import { randomUUID } from 'node:crypto';
import type { TestApp, GqlResult } from '../../../test/harness';
import type { SandboxPaymentProvider } from '../../payments/sandbox-provider';
import { makeOrg } from '../../../test/factories';

/** Selections the purchase, cart and quote documents share (one place, so the cart's stay the checkout's). */
const ERRORS = `errors {
  code
  field
  message
}`;
const RECEIPT_LINES = `lines {
  description
  amount {
    amount
  }
}`;
/** The four amounts a cart line, a cart, a line's quote and a receipt each carry. */
const AMOUNTS = `subtotal {
  amount
}
discount {
  amount
}
tax {
  amount
}
total {
  amount
}`;

export const PURCHASE_CREATE = /* GraphQL */ `
  mutation Buy($input: PurchaseCreateInput!) {
    purchaseCreate(input: $input) {
      replayed
      ${ERRORS}
      purchase {
        id
        orgId
        status
        ${AMOUNTS}
        subtotal {
          currency
        }
        total {
          currency
        }
        taxRate
        taxName
        reverseCharge
        customDays
        couponCode
        paymentMethodLabel
        module {
          id
          slug
          name
        }
        plan {
          id
          name
        }
      }
      license {
        id
        licenseKey
        status
        startsAt
        expiresAt
        autoRenew
      }
      receipt {
        id
        number
        total {
          amount
        }
        ${RECEIPT_LINES}
        notes
        reverseCharge
        downloadUrl
      }
    }
  }
`;

export const PURCHASE_QUOTE = /* GraphQL */ `
  query Quote($input: PurchaseQuoteInput!) {
    purchaseQuote(input: $input) {
      ${ERRORS}
      quote {
        currency
        subtotal {
          amount
          currency
        }
        discount {
          amount
        }
        taxableAmount {
          amount
        }
        taxRate
        taxName
        reverseCharge
        reverseChargeNote
        tax {
          amount
        }
        total {
          amount
        }
        days
        couponCode
        requiresPayment
        expiresAt
        renews
        ${RECEIPT_LINES}
      }
    }
  }
`;

export const CART_PURCHASE = /* GraphQL */ `
  mutation BuyCart($input: PurchaseCreateInput!) {
    purchaseCreate(input: $input) {
      replayed
      ${ERRORS}
      purchase {
        id
        total {
          amount
        }
      }
      lines {
        id
        cartPurchaseId
        module {
          id
          name
        }
        plan {
          id
        }
        ${AMOUNTS}
        couponCode
        licenseId
        receiptNumber
      }
      licenses {
        id
        licenseKey
        status
      }
      receipt {
        id
        number
        ${AMOUNTS}
        ${RECEIPT_LINES}
      }
    }
  }
`;

export const CART_QUOTE = /* GraphQL */ `
  query CartQuote($input: PurchaseQuoteInput!) {
    purchaseQuote(input: $input) {
      ${ERRORS}
      cart {
        currency
        lines {
          module {
            id
          }
          plan {
            id
          }
          quote {
            ${AMOUNTS}
            couponCode
          }
        }
        ${AMOUNTS}
        requiresPayment
      }
    }
  }
`;

export const ACME = 101;
export const TECHSTART = 102;
export const CRM = 1;
export const ERP = 2;
export const ANALYTICS = 3;
export const PLAN = { crmMonthly: 1, crmAnnual: 2, crmLifetime: 3, erpCustom: 4, analyticsFree: 5, analyticsPro: 6 } as const;
/** CRM Pro's contract in force (1.1, since 2025-02-15). */
export const CRM_CONTRACT = 3;
export const ERP_CONTRACT = 2;

export const newKey = () => `test-${randomUUID()}`;

export interface BuyInput {
  orgId?: number;
  moduleId?: number;
  planId?: number;
  days?: number | null;
  couponCode?: string | null;
  paymentMethodId?: string | null;
  acceptContractId?: number | null;
  autoRenew?: boolean | null;
  idempotencyKey?: string;
  startTrial?: boolean | null;
  confirmAdditionalLicense?: boolean | null;
}

/**
 * A CRM Pro Monthly purchase for Acme with the sandbox card, unless overridden. Tests buy the
 * same module many times, so another license is confirmed by default (ownership.test.ts covers
 * the refusal without it).
 */
export function buyInput(over: BuyInput = {}) {
  return {
    orgId: ACME,
    moduleId: CRM,
    planId: PLAN.crmMonthly,
    paymentMethodId: 'pm_sandbox_success',
    acceptContractId: CRM_CONTRACT,
    idempotencyKey: newKey(),
    confirmAdditionalLicense: true,
    ...over,
  };
}

export async function buy(t: TestApp, as: string, over: BuyInput = {}, headers?: Record<string, string>): Promise<GqlResult> {
  return t.gql(PURCHASE_CREATE, { input: buyInput(over) }, { as, headers });
}

/** Buys and fails the test unless the purchase succeeded; returns the payload. */
export async function buyOk(t: TestApp, as: string, over: BuyInput = {}) {
  const r = await buy(t, as, over);
  if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  const p = r.data!.purchaseCreate;
  if (p.errors.length) throw new Error(`Purchase refused: ${JSON.stringify(p.errors)}`);
  return p as { purchase: any; license: any; receipt: any; replayed: boolean };
}

export const sandbox = (t: TestApp) => t.services.payments as SandboxPaymentProvider;

export function codes(r: GqlResult, field: string): string[] {
  return (r.data?.[field]?.errors ?? []).map((e: { code: string }) => e.code);
}

export function protocolCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

// ───────────────────────────────────────────── the dependency cart (Custom ERP + CRM Pro)

export interface CartLine {
  moduleId: number;
  planId: number;
  days?: number | null;
  couponCode?: string | null;
  acceptContractId?: number | null;
}

/** Custom ERP (10 days) for Acme with CRM Pro Monthly as its dependency line, paid with the sandbox card. */
export function cartInput(over: Record<string, unknown> = {}, lines?: CartLine[]) {
  return {
    orgId: ACME,
    moduleId: ERP,
    planId: PLAN.erpCustom,
    days: 10,
    acceptContractId: ERP_CONTRACT,
    paymentMethodId: 'pm_sandbox_success',
    idempotencyKey: newKey(),
    dependencyLines: lines ?? [{ moduleId: CRM, planId: PLAN.crmMonthly, acceptContractId: CRM_CONTRACT }],
    ...over,
  };
}

export function buyCart(t: TestApp, as: string, over: Record<string, unknown> = {}, lines?: CartLine[]): Promise<GqlResult> {
  return t.gql(CART_PURCHASE, { input: cartInput(over, lines) }, { as });
}

/** Counts of everything a purchase writes (a refused or failed cart must leave them all unchanged). */
export async function footprint(t: TestApp) {
  const [purchases, licenses, invoices, succeeded, coupons] = await Promise.all([
    t.prisma.purchase.count(),
    t.prisma.license.count(),
    t.prisma.invoice.count(),
    t.prisma.payment.count({ where: { status: 'succeeded' } }),
    t.prisma.coupon.findMany({ select: { id: true, timesUsed: true }, orderBy: { id: 'asc' } }),
  ]);
  return { purchases, licenses, invoices, succeeded, coupons };
}

/** A fresh org (test/factories.ts) billed from GB without a VAT id (so VAT 20 % applies), administered by Alice (user 42). */
export async function newCartOrg(t: TestApp, over: { taxId?: string | null; billingCountry?: string } = {}) {
  const org = await makeOrg(t.prisma, { billingCountry: over.billingCountry ?? 'GB', taxId: over.taxId ?? null });
  await t.prisma.membership.create({ data: { orgId: org.id, userId: 42, role: 'admin', permissions: ['all'] } });
  return org.id;
}
