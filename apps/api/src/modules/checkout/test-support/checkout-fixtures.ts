import { randomUUID } from 'node:crypto';
import type { TestApp, GqlResult } from '../../../test/harness';
import type { SandboxPaymentProvider } from '../../payments/sandbox-provider';

export const PURCHASE_CREATE = /* GraphQL */ `
  mutation Buy($input: PurchaseCreateInput!) {
    purchaseCreate(input: $input) {
      replayed
      errors {
        code
        field
        message
      }
      purchase {
        id
        orgId
        status
        subtotal {
          amount
          currency
        }
        discount {
          amount
        }
        tax {
          amount
        }
        total {
          amount
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
        lines {
          description
          amount {
            amount
          }
        }
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
      errors {
        code
        field
        message
      }
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
        lines {
          description
          amount {
            amount
          }
        }
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
