import type { TestApp, GqlResult } from '../../../test/harness';
import { ACME, CRM, CRM_CONTRACT, ERP, ERP_CONTRACT, newKey, PLAN } from './checkout-fixtures';

export const CART_PURCHASE = /* GraphQL */ `
  mutation BuyCart($input: PurchaseCreateInput!) {
    purchaseCreate(input: $input) {
      replayed
      errors {
        code
        field
        message
      }
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
        subtotal {
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
        }
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
        subtotal {
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
        }
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

export const CART_QUOTE = /* GraphQL */ `
  query CartQuote($input: PurchaseQuoteInput!) {
    purchaseQuote(input: $input) {
      errors {
        code
        field
        message
      }
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
            subtotal {
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
            }
            couponCode
          }
        }
        subtotal {
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
        }
        requiresPayment
      }
    }
  }
`;

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

let orgSeq = 0;
/** A fresh org billed from GB without a VAT id (so VAT 20 % applies), administered by Alice (user 42). */
export async function newCartOrg(t: TestApp, over: { taxId?: string | null; billingCountry?: string } = {}) {
  orgSeq++;
  const org = await t.prisma.organization.create({
    data: {
      name: `Cart Org ${orgSeq}`,
      slug: `cart-org-${orgSeq}-${Date.now()}`,
      billingCountry: over.billingCountry ?? 'GB',
      taxId: over.taxId ?? null,
    },
  });
  await t.prisma.membership.create({ data: { orgId: org.id, userId: 42, role: 'admin', permissions: ['all'] } });
  return org.id;
}
