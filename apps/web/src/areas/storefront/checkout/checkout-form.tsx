import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Box, Breadcrumbs, Button, Checkbox, Grid, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { formatMoney } from '@wk/domain';
import { storedReferral } from '../components/referral';
import { ReferralOfferQuery } from './graphql/referral-offer.query';
import { CheckoutOptionsQuery } from './graphql/checkout-options.query';
import { PurchaseQuoteQuery } from './graphql/purchase-quote.query';
import { PurchaseCreateMutation } from './graphql/purchase-create.mutation';
import { ModuleUnavailable } from './checkout-gates';
import { CartSummary, OrderSummary } from './order-summary';
import { OwnershipNotice, useHeldLicenses } from '../module/ownership-notice';
import { newAttemptKey } from './checkout-labels';
import { CheckoutDependenciesQuery } from './graphql/checkout-dependencies.query';
import { OrgInstancesQuery } from '../../../shared/graphql/org-instances.query';
import { CheckoutPlanSection } from './checkout-plan-section';
import { CheckoutContractSection } from './checkout-contract-section';
import { CheckoutPaymentSection } from './checkout-payment-section';
import { cartLinesOf, DependencyCartSection, emptyChoice, type LineChoice } from './dependency-cart';

const FIELDS = ['planId', 'days', 'couponCode', 'acceptContractId', 'paymentMethodId', 'startTrial', 'confirmAdditionalLicense'] as const;

/** The checkout of one module for one organization: plan, dependencies, agreement, payment; the live price beside. */
export function CheckoutForm({
  slug,
  orgId,
  buyers,
  onOrgChange,
  initialPlanId,
  initialTrial,
}: {
  slug: string;
  orgId: number;
  buyers: { value: string; label: string }[];
  onOrgChange: (id: number) => void;
  initialPlanId: number | null;
  initialTrial: boolean;
}) {
  const navigate = useNavigate();
  const options = useQuery(CheckoutOptionsQuery, { variables: { orgId, moduleSlug: slug } });
  const data = options.data?.checkoutOptions;

  const [planId, setPlanId] = useState<number | null>(initialPlanId);
  const [days, setDays] = useState<number | ''>(10);
  const [coupon, setCoupon] = useState('');
  // A referral link (?ref=CODE, kept for the session) fills the code box when it applies to this module.
  const [referral] = useState(storedReferral);
  const offer = useQuery(ReferralOfferQuery, { variables: { code: referral ?? '' }, skip: !referral });
  const referralApplied = useRef(false);
  const [accepted, setAccepted] = useState(false);
  const [paymentMethodId, setPaymentMethodId] = useState<string | null>(null);
  const [autoRenew, setAutoRenew] = useState(true);
  const [wantTrial, setWantTrial] = useState(initialTrial);
  const [confirmAnother, setConfirmAnother] = useState(false);
  const errors = useFormErrors(FIELDS);
  const attemptKey = useRef(newAttemptKey());
  const submitting = useRef(false);
  const [declined, setDeclined] = useState<PayloadError | null>(null);
  // Dependency cart: the instance to fit, the optional offers ticked, each line's plan/coupon/agreement.
  const [instanceId, setInstanceId] = useState<number | null>(null);
  const [optionalPicked, setOptionalPicked] = useState<number[]>([]);
  const [choices, setChoices] = useState<Record<number, LineChoice>>({});
  const [lineErrors, setLineErrors] = useState<PayloadError[]>([]);
  const depsQuery = useQuery(CheckoutDependenciesQuery, {
    variables: { input: { orgId, moduleId: data?.module.id ?? 0, instanceId, optionalModuleIds: optionalPicked } },
    skip: !data,
  });
  const deps = depsQuery.data?.checkoutDependencies ?? depsQuery.previousData?.checkoutDependencies ?? null;
  const cartDeps = cartLinesOf(deps);
  const hasDeps = !!deps && deps.required.length + deps.optional.length + deps.satisfied.length > 0;
  const instancesQuery = useQuery(OrgInstancesQuery, { variables: { orgId, first: 100 }, skip: !hasDeps });
  const instanceOptions = (instancesQuery.data?.orgInstances.edges ?? [])
    .map((e) => e.node)
    .filter((i) => i.isActive)
    .map((i) => ({ value: String(i.id), label: `${i.name} (${i.core.name} ${i.core.version})` }));
  const [debouncedChoices] = useDebouncedValue(choices, 350);
  const isCart = cartDeps.length > 0 || instanceId !== null;
  const dependencyLines = (src: Record<number, LineChoice>, withContracts: boolean) =>
    cartDeps.flatMap((d) => {
      const c = src[d.module.id] ?? emptyChoice(d);
      const p = d.plans.find((x) => x.id === c.planId);
      if (!p) return [];
      return [
        {
          moduleId: d.module.id,
          planId: p.id,
          days: p.planType === 'custom' ? (c.days === '' ? null : c.days) : null,
          couponCode: c.coupon.trim() || null,
          ...(withContracts ? { acceptContractId: d.contract && c.accepted ? d.contract.id : null } : {}),
        },
      ];
    });

  // Defaults once the options arrive: the plan from the URL (if it is one of this module's), else the first.
  useEffect(() => {
    if (!data) return;
    if (!planId || !data.plans.some((p) => p.id === planId)) setPlanId(data.plans[0]?.id ?? null);
    if (!paymentMethodId)
      setPaymentMethodId(data.paymentMethods.find((m) => m.kind === 'stored')?.id ?? data.paymentMethods[0]?.id ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);

  useEffect(() => {
    const o = offer.data?.referralOffer;
    if (!o || !data || referralApplied.current) return;
    const applies = o.moduleId === data.module.id || (o.moduleId === null && o.vendorName === data.module.vendorName);
    if (!applies) return;
    referralApplied.current = true;
    setCoupon((c) => c || o.code);
  }, [offer.data, data]);

  const plan = data?.plans.find((p) => p.id === planId) ?? null;
  const isCustom = plan?.planType === 'custom';
  const held = useHeldLicenses(orgId, data?.module.id ?? null);
  const trialOffered = !!plan && plan.trialDays > 0 && plan.planType === 'subscription';
  const startTrial = trialOffered && wantTrial;
  const [debouncedCoupon] = useDebouncedValue(coupon.trim(), 350);
  const [debouncedDays] = useDebouncedValue(days, 350);
  const quoteInput = plan
    ? {
        orgId,
        moduleId: data!.module.id,
        planId: plan.id,
        days: isCustom ? (debouncedDays === '' ? null : debouncedDays) : null,
        couponCode: startTrial ? null : debouncedCoupon || null,
        startTrial,
        ...(isCart ? { instanceId, dependencyLines: dependencyLines(debouncedChoices, false) } : {}),
      }
    : null;
  const quoteQuery = useQuery(PurchaseQuoteQuery, {
    variables: { input: quoteInput! },
    skip: !quoteInput || (depsQuery.loading && !deps),
    fetchPolicy: 'network-only',
  });
  const quotePayload = quoteQuery.data?.purchaseQuote ?? quoteQuery.previousData?.purchaseQuote ?? null;
  const quote = quoteQuery.data?.purchaseQuote.quote ?? null;
  const quoteErrors = quoteQuery.data?.purchaseQuote.errors ?? [];
  const couponError = quoteErrors.find((e) => e.field === 'couponCode');
  const daysError = quoteErrors.find((e) => e.field === 'days');
  const trialError = quoteErrors.find((e) => e.field === 'startTrial');
  const otherQuoteErrors = quoteErrors.filter(
    (e) => e.field !== 'couponCode' && e.field !== 'days' && e.field !== 'startTrial' && !e.field?.startsWith('dependencyLines['),
  );
  const cartQuote = quoteQuery.data?.purchaseQuote.cart ?? null;
  const lineError = (i: number, f: string) =>
    (lineErrors.find((e) => e.field === `dependencyLines[${i}].${f}`) ?? quoteErrors.find((e) => e.field === `dependencyLines[${i}].${f}`))
      ?.message;
  // A refused coupon should not hide the price: show the quote without it (and block paying).
  const onlyCouponRefused = !!couponError && quoteErrors.every((e) => e.field === 'couponCode');
  const baseQuery = useQuery(PurchaseQuoteQuery, {
    variables: { input: { ...quoteInput!, couponCode: null } },
    skip: !quoteInput || !onlyCouponRefused,
    fetchPolicy: 'network-only',
  });
  const shownQuote = quote ?? (onlyCouponRefused ? (baseQuery.data?.purchaseQuote.quote ?? null) : null);

  const [purchase, { loading: paying }] = useMutation(PurchaseCreateMutation);

  if (options.error && !data) {
    if (hasErrorCode(options.error, 'NOT_FOUND')) return <ModuleUnavailable />;
    return <PageError error={options.error} onRetry={() => void options.refetch().catch(() => undefined)} />;
  }
  if (!data) return <PageLoading label="Loading checkout…" />;

  // A trial charges nothing now but needs the method that is charged when it ends.
  const requiresPayment =
    startTrial ||
    (cartDeps.length > 0 && cartQuote
      ? cartQuote.requiresPayment
      : (quote?.requiresPayment ?? (plan ? !(plan.planType === 'free' || plan.planType === 'freemium') : true)));
  const linesReady = cartDeps.every((d) => {
    const c = choices[d.module.id] ?? emptyChoice(d);
    return c.planId !== null && (!d.contract || c.accepted);
  });
  const renews = quote?.renews ?? false;
  const mustConfirm = held.length > 0;
  const canPay =
    !!plan &&
    !!quote &&
    !paying &&
    (!data.contract || accepted) &&
    (!requiresPayment || !!paymentMethodId) &&
    (!mustConfirm || confirmAnother) &&
    linesReady &&
    !(depsQuery.loading && !deps);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (submitting.current || paying) return; // double-click safe (and the key makes the server safe too)
    setDeclined(null);
    setLineErrors([]);
    const local: PayloadError[] = [];
    if (!plan) local.push({ code: 'REQUIRED', field: 'planId', message: 'Choose a plan.' });
    if (data.contract && !accepted)
      local.push({ code: 'REQUIRED', field: 'acceptContractId', message: 'Accept the agreement to continue.' });
    if (requiresPayment && !paymentMethodId)
      local.push({ code: 'REQUIRED', field: 'paymentMethodId', message: 'Choose a payment method.' });
    if (mustConfirm && !confirmAnother)
      local.push({ code: 'REQUIRED', field: 'confirmAdditionalLicense', message: 'Confirm that you want another license.' });
    if (local.length) {
      errors.setFromPayload(local);
      return;
    }
    errors.clear();
    submitting.current = true;
    try {
      const { data: result } = await purchase({
        variables: {
          input: {
            orgId,
            moduleId: data.module.id,
            planId: plan!.id,
            days: isCustom ? (days === '' ? null : days) : null,
            couponCode: startTrial ? null : coupon.trim() || null,
            paymentMethodId: requiresPayment ? paymentMethodId : null,
            acceptContractId: data.contract && accepted ? data.contract.id : null,
            autoRenew: renews && !startTrial ? autoRenew : null,
            startTrial,
            confirmAdditionalLicense: mustConfirm ? confirmAnother : null,
            ...(isCart ? { instanceId, dependencyLines: dependencyLines(choices, true) } : {}),
            idempotencyKey: attemptKey.current,
          },
        },
      });
      const payload = result?.purchaseCreate;
      if (!payload) return;
      if (payload.errors.length || !payload.purchase) {
        // A refused attempt is over: the next click is a new attempt with a new key.
        attemptKey.current = newAttemptKey();
        const decline = payload.errors.find((x) => x.code === 'PAYMENT_DECLINED' || x.code === 'PAYMENT_FAILED');
        setDeclined(decline ?? null);
        setLineErrors(payload.errors.filter((x) => x.field?.startsWith('dependencyLines[')));
        errors.setFromPayload(payload.errors.filter((x) => x !== decline && !x.field?.startsWith('dependencyLines[')));
        return;
      }
      await navigate(`/checkout/${encodeURIComponent(slug)}/complete/${payload.purchase.id}`, { replace: true });
    } catch (err) {
      // Network failure: keep the same key, so retrying cannot buy twice.
      errors.setFromException(err);
    } finally {
      submitting.current = false;
    }
  };

  return (
    <>
      <Breadcrumbs mb="sm" aria-label="Breadcrumb">
        <Anchor component={Link} to="/" size="sm">
          Storefront
        </Anchor>
        <Anchor component={Link} to={`/modules/${encodeURIComponent(data.module.slug)}`} size="sm">
          {data.module.name}
        </Anchor>
        <span aria-current="page">Checkout</span>
      </Breadcrumbs>
      <PageHeader
        title={`Buy ${data.module.name}`}
        documentTitle={`Checkout · ${data.module.name}`}
        description={`by ${data.module.vendorName}`}
      />
      <form onSubmit={onSubmit} noValidate aria-label="Checkout">
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              {mustConfirm && (
                <OwnershipNotice orgId={orgId} moduleId={data.module.id}>
                  <Checkbox
                    mt="sm"
                    label="I understand, and want to buy another license for this organization"
                    checked={confirmAnother}
                    onChange={(e) => {
                      setConfirmAnother(e.currentTarget.checked);
                      errors.clearField('confirmAdditionalLicense');
                    }}
                    error={errors.field('confirmAdditionalLicense')}
                  />
                </OwnershipNotice>
              )}
              {buyers.length > 1 && (
                <Select
                  label="Buy for"
                  description="The organization that will own the license and receive the receipt."
                  data={buyers}
                  value={String(orgId)}
                  onChange={(v) => v && onOrgChange(Number(v))}
                  allowDeselect={false}
                />
              )}

              <CheckoutPlanSection
                plans={data.plans}
                plan={plan}
                onPlan={(id) => {
                  setPlanId(id);
                  errors.clearField('planId');
                }}
                planError={errors.field('planId') ?? otherQuoteErrors.find((x) => x.field === 'planId')?.message}
                trialOffered={trialOffered}
                wantTrial={wantTrial}
                onWantTrial={(want) => {
                  setWantTrial(want);
                  errors.clearField('startTrial');
                }}
                trialError={errors.field('startTrial') ?? (startTrial ? trialError?.message : undefined)}
                isCustom={isCustom}
                days={days}
                onDays={(v) => {
                  setDays(v);
                  errors.clearField('days');
                }}
                daysError={errors.field('days') ?? daysError?.message}
                showCoupon={!startTrial}
                coupon={coupon}
                onCoupon={(code) => {
                  setCoupon(code);
                  errors.clearField('couponCode');
                }}
                couponError={
                  errors.field('couponCode') ?? (coupon.trim() && coupon.trim() === debouncedCoupon ? couponError?.message : undefined)
                }
                couponApplied={
                  quote?.couponCode && coupon.trim() ? `${quote.couponCode} applied: −${formatMoney(quote.discount)}` : undefined
                }
              />

              {deps && hasDeps && (
                <DependencyCartSection
                  moduleName={data.module.name}
                  deps={deps}
                  loading={depsQuery.loading}
                  choices={choices}
                  onChoice={(moduleId, patch) => {
                    const d = cartDeps.find((x) => x.module.id === moduleId);
                    setChoices((prev) => ({
                      ...prev,
                      [moduleId]: {
                        ...(prev[moduleId] ?? (d ? emptyChoice(d) : { planId: null, days: 10, coupon: '', accepted: false })),
                        ...patch,
                      },
                    }));
                    setLineErrors([]);
                  }}
                  optionalPicked={optionalPicked}
                  onToggleOptional={(moduleId, picked) =>
                    setOptionalPicked((prev) => (picked ? [...new Set([...prev, moduleId])] : prev.filter((id) => id !== moduleId)))
                  }
                  instances={instanceOptions}
                  instanceId={instanceId}
                  onInstance={setInstanceId}
                  quote={cartQuote}
                  lineError={lineError}
                />
              )}
              {data.contract && (
                <CheckoutContractSection
                  number={2}
                  contract={data.contract}
                  accepted={accepted}
                  onAccepted={(yes) => {
                    setAccepted(yes);
                    errors.clearField('acceptContractId');
                  }}
                  error={errors.field('acceptContractId')}
                />
              )}

              <CheckoutPaymentSection
                number={data.contract ? 3 : 2}
                requiresPayment={requiresPayment}
                forTrial={startTrial}
                methods={data.paymentMethods}
                value={paymentMethodId}
                onChange={(v) => {
                  setPaymentMethodId(v);
                  setDeclined(null);
                  errors.clearField('paymentMethodId');
                }}
                error={errors.field('paymentMethodId')}
                showAutoRenew={renews && requiresPayment && !startTrial}
                autoRenew={autoRenew}
                onAutoRenew={setAutoRenew}
              />
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 5 }}>
            <Box pos={{ md: 'sticky' } as never} top={84}>
              <Stack gap="md">
                {cartDeps.length > 0 ? (
                  <CartSummary cart={cartQuote} loading={quoteQuery.loading || depsQuery.loading} />
                ) : (
                  <OrderSummary
                    quote={shownQuote}
                    loading={quoteQuery.loading || baseQuery.loading}
                    moduleName={data.module.name}
                    planName={plan?.name ?? null}
                  />
                )}
                {quote?.trialSummary && (
                  <Alert color="teal" variant="light" title={`${quote.trialDays}-day free trial`} data-testid="trial-summary">
                    {quote.trialSummary}. Cancel any time before then and nothing is charged.
                  </Alert>
                )}
                {!quote && onlyCouponRefused && (
                  <Text size="sm" c="red.8" role="status">
                    The coupon is not applied: fix or remove it to pay.
                  </Text>
                )}
                {quoteQuery.error && (
                  <PageError
                    title="The price could not be calculated"
                    error={quoteQuery.error}
                    onRetry={() => void quoteQuery.refetch().catch(() => undefined)}
                  />
                )}
                {!quote && quotePayload && otherQuoteErrors.length > 0 && (
                  <FormErrorAlert errors={otherQuoteErrors} title="This plan cannot be bought" />
                )}
                {declined && (
                  <Alert
                    color="red"
                    variant="light"
                    title="Payment declined"
                    icon={<IconAlertTriangle aria-hidden />}
                    role="alert"
                    data-testid="payment-declined"
                  >
                    {declined.message}
                  </Alert>
                )}
                <FormErrorAlert errors={errors.general} />
                <Button
                  type="submit"
                  size="md"
                  fullWidth
                  loading={paying}
                  disabled={!canPay}
                  leftSection={<IconLock size={16} aria-hidden />}
                  data-testid="pay-button"
                >
                  {!quote
                    ? 'Pay'
                    : cartDeps.length > 0 && cartQuote
                      ? `Pay ${formatMoney(cartQuote.total)} for ${cartQuote.lines.length} modules`
                      : startTrial
                        ? `Start ${quote.trialDays}-day trial`
                        : requiresPayment
                          ? `Pay ${formatMoney(quote.total)}`
                          : 'Get it for free'}
                </Button>
                <Text size="xs" c="dimmed" ta="center">
                  {data.billingCountry &&
                    `Billed to your organization in ${data.billingCountry}${data.taxId ? ` (tax id ${data.taxId})` : ''}. `}
                  You will get a receipt right away.
                </Text>
              </Stack>
            </Box>
          </Grid.Col>
        </Grid>
      </form>
    </>
  );
}
