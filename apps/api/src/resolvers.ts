/**
 * Every resolver of the API. A domain adds its resolvers here (one line each).
 */
import type { NonEmptyArray } from 'type-graphql';
import { AuthResolver, MyMembershipResolver } from './modules/auth/auth.resolver';
import { CatalogResolver } from './modules/catalog/catalog.resolver';
import { SoftwareResolver } from './modules/softwares/software.resolver';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { CheckoutResolver } from './modules/checkout/checkout.resolver';
import { LicenseResolver } from './modules/licenses/license.resolver';
import { LicenseFileResolver } from './modules/license-files/license-file.resolver';
import { ReceiptResolver } from './modules/receipts/receipt.resolver';
import { NotificationResolver } from './modules/notifications/notification.resolver';
import { PayoutResolver } from './modules/payouts/payout.resolver';
import { PaymentResolver } from './modules/payments/payment.resolver';
import { InstanceResolver, InstanceModuleResolver } from './modules/instances/instance.resolver';
import { InstanceActivationResolver, ActivationLogEntryResolver } from './modules/activation/activation.resolver';
import { InstanceModuleUpdateResolver } from './modules/updates/update.resolver';
import { UsageResolver } from './modules/usage/usage.resolver';
import { AlertResolver } from './modules/alerts/alerts.resolver';
import { ReviewResolver } from './modules/reviews/review.resolver';
import { PlanChangeResolver, LicensePlanChangesResolver } from './modules/plan-changes/plan-change.resolver';
import {
  RefundResolver,
  ReceiptRefundsResolver,
  LicenseCreditNotesResolver,
  CreditNoteLinesResolver,
} from './modules/refunds/refund.resolver';
import { VendorPortalResolver } from './modules/vendor-portal/vendor-portal.resolver';
import { CatalogListingResolver, VendorListingResolver } from './modules/listing/listing.resolver';
import { BillingResolver } from './modules/billing/billing.resolver';
import { LicenseNextRenewalPriceResolver, VendorPlanPriceChangesResolver } from './modules/price-changes/price-change.resolver';
import { SessionsResolver } from './modules/sessions/sessions.resolver';
import {
  CoreModuleAdminResolver,
  InstanceBuiltInModulesResolver,
  CatalogModuleBuiltInResolver,
} from './modules/core-modules/core-module.resolver';

import {
  SoftwarePermissionAdminResolver,
  SoftwarePermissionsResolver,
  CatalogVersionPermissionsResolver,
  ReleasePermissionsResolver,
  InstancePermissionConsentResolver,
  InstanceModuleConsentResolver,
  LicensePermissionConsentsResolver,
} from './modules/permissions/permission.resolver';
import { VendorResolver } from './modules/vendors/vendor.resolver';
import {
  VendorModuleResolver,
  VendorModuleVersionResolver,
  VersionCompatibilityResolver,
  VersionDependencyResolver,
  VersionIntegrationResolver,
  VersionUpdateFlowResolver,
  ModuleSubmissionResolver,
} from './modules/publishing/publishing.resolver';
import { VendorPricingPlanResolver } from './modules/pricing/pricing.resolver';
import { VendorContractResolver } from './modules/contracts/contract.resolver';
import { VendorApiTokenResolver } from './modules/api-tokens/api-token.resolver';
import { ValidationResolver } from './modules/validation/validation.resolver';
import {
  VersionCheckResolver,
  VersionChecksOfVersionResolver,
  SubmissionChecksResolver,
  ReviewRescanResolver,
  CoreApiSurfaceResolver,
} from './modules/version-checks/version-checks.resolver';
import { AdminSoftwareResolver } from './modules/softwares/software-admin.resolver';
import { AdminTaxRuleResolver } from './modules/tax/tax.resolver';
import { AdminCouponResolver } from './modules/coupons/coupon.resolver';
import { AdminAuditLogResolver } from './modules/audit/audit.resolver';
import { OrgAuditLogResolver } from './modules/audit/org-audit.resolver';
import { VendorPromotionResolver } from './modules/promotions/promotion.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  MyMembershipResolver,
  CatalogResolver,
  SoftwareResolver,
  OrganizationResolver,
  CheckoutResolver,
  LicenseResolver,
  LicenseFileResolver,
  ReceiptResolver,
  NotificationResolver,
  PayoutResolver,
  PaymentResolver,
  InstanceResolver,
  InstanceModuleResolver,
  InstanceActivationResolver,
  ActivationLogEntryResolver,
  CoreModuleAdminResolver,
  InstanceBuiltInModulesResolver,
  CatalogModuleBuiltInResolver,
  SoftwarePermissionAdminResolver,
  SoftwarePermissionsResolver,
  CatalogVersionPermissionsResolver,
  ReleasePermissionsResolver,
  InstancePermissionConsentResolver,
  InstanceModuleConsentResolver,
  LicensePermissionConsentsResolver,
  BillingResolver,
  LicenseNextRenewalPriceResolver,
  VendorPlanPriceChangesResolver,
  SessionsResolver,
  InstanceModuleUpdateResolver,
  UsageResolver,
  AlertResolver,
  ReviewResolver,
  PlanChangeResolver,
  LicensePlanChangesResolver,
  RefundResolver,
  ReceiptRefundsResolver,
  CreditNoteLinesResolver,
  LicenseCreditNotesResolver,
  VendorPortalResolver,
  CatalogListingResolver,
  VendorListingResolver,
  VendorResolver,
  VendorModuleResolver,
  VendorModuleVersionResolver,
  VersionCompatibilityResolver,
  VersionDependencyResolver,
  VersionIntegrationResolver,
  VersionUpdateFlowResolver,
  ModuleSubmissionResolver,
  VendorPricingPlanResolver,
  VendorContractResolver,
  VendorApiTokenResolver,
  ValidationResolver,
  VersionCheckResolver,
  VersionChecksOfVersionResolver,
  SubmissionChecksResolver,
  ReviewRescanResolver,
  CoreApiSurfaceResolver,
  AdminSoftwareResolver,
  AdminTaxRuleResolver,
  AdminCouponResolver,
  AdminAuditLogResolver,
  OrgAuditLogResolver,
  VendorPromotionResolver,
];
