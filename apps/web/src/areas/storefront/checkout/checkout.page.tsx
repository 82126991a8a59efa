import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconCreditCard, IconExternalLink, IconLock, IconTicket } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, PageError, PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { useSession } from '../../../shared/session/session-provider';
import { useCurrentOrg } from '../../../shared/session/current-org';
import { signInPath } from '../../../shared/session/safe-next';
import { formatMoney } from '@wk/domain';
import { DateText } from '../../../shared/components/date-text';
import { Markdown } from '../../../shared/components/markdown';
import { storedReferral } from '../referral';
import { ReferralOfferQuery } from '../graphql/referral-offer.query';
import { CheckoutOptionsQuery } from './graphql/checkout-options.query';
import { PurchaseQuoteQuery } from './graphql/purchase-quote.query';
import { PurchaseCreateMutation } from './graphql/purchase-create.mutation';
import { OrderSummary } from './order-summary';
import { OwnershipNotice, useHeldLicenses } from '../components/ownership-notice';
import { newAttemptKey, planPriceLabel, planTermLabel } from './checkout-labels';
import { CheckoutDependenciesQuery } from './graphql/checkout-dependencies.query';
import { OrgInstancesQuery } from '../../../shared/graphql/org-instances.query';
import { cartLinesOf, CartSummary, DependencyCartSection, emptyChoice, type LineChoice } from './dependency-cart';

const FIELDS = ['planId', 'days', 'couponCode', 'acceptContractId', 'paymentMethodId', 'startTrial', 'confirmAdditionalLicense'] as const;

/** `/checkout/:slug?plan=<id>`: buy a module for one of the user's organizations. */
export function CheckoutPage() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const { memberships, organization } = useCurrentOrg();

  const buyers = useMemo(() => memberships.filter((m) => m.effectivePermissions.includes('purchase_modules')), [memberships]);
  const [orgId, setOrgId] = useState<number | null>(null);
  const chosenOrgId = orgId ?? (buyers.find((b) => b.organization.id === organization?.id) ?? buyers[0])?.organization.id ?? null;

  if (session.status === 'loading') return <PageLoading label="Loading checkout…" />;
  if (session.status === 'error') return <PageError error={session.error} onRetry={session.refetch} />;
  if (session.status === 'signed-out') {
    const here = `/checkout/${encodeURIComponent(slug)}${params.toString() ? `?${params.toString()}` : ''}`;
    return (
      <Card withBorder padding="xl" maw={560} mx="auto" mt="xl">
        <Stack align="flex-start">
          <Title order={1} fz={24}>
            Sign in to buy
          </Title>
          <Text c="dimmed">Modules are bought for an organization. Sign in with an account that may purchase for it.</Text>
          <Button component={Link} to={signInPath(here)} leftSection={<IconLock size={16} aria-hidden />}>
            Sign in
          </Button>
        </Stack>
      </Card>
    );
  }
  if (buyers.length === 0 || chosenOrgId === null) {
    return (
      <Card withBorder padding="xl" mt="xl">
        <PageEmpty
          title="You cannot buy modules yet"
          description="Buying needs the “Purchase modules” permission in an organization. Ask an admin of your organization, or create one."
          action={
            <Group gap="sm" justify="center">
              <Button component={Link} to={`/org/new?next=${encodeURIComponent(`/checkout/${slug}`)}`}>
                Create an organization
              </Button>
              <Button component={Link} to={`/modules/${encodeURIComponent(slug)}`} variant="default">
                Back to the module
              </Button>
            </Group>
          }
        />
      </Card>
    );
  }
  if (!session.me.emailVerified) {
    return (
      <Card withBorder padding="xl" mt="xl" data-testid="checkout-unverified">
        <PageEmpty
          title="Verify your e-mail address to buy"
          description={`Open the link we sent to ${session.me.email}. You can send a new one from your profile.`}
          action={
            <Group gap="sm" justify="center">
              <Button component={Link} to="/account">
                Your profile
              </Button>
              <Button component={Link} to={`/modules/${encodeURIComponent(slug)}`} variant="default">
                Back to the module
              </Button>
            </Group>
          }
        />
      </Card>
    );
  }
  return (
    <CheckoutForm
      key={`${chosenOrgId}-${slug}`}
      slug={slug}
      orgId={chosenOrgId}
      buyers={buyers.map((b) => ({ value: String(b.organization.id), label: b.organization.name }))}
      onOrgChange={setOrgId}
      initialPlanId={Number(params.get('plan')) || null}
      initialTrial={params.get('trial') === '1'}
    />
  );
}

function CheckoutForm({
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
    if (hasErrorCode(options.error, 'NOT_FOUND')) {
      return (
        <Card withBorder padding="xl" mt="xl">
          <PageEmpty
            title="This module is not available"
            description="It does not exist or cannot be bought right now."
            action={
              <Button component={Link} to="/" variant="default">
                Browse the catalog
              </Button>
            }
          />
        </Card>
      );
    }
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

  const methodOptions = data.paymentMethods;

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

              <Card withBorder padding="lg" component="section" aria-labelledby="plan-title">
                <Title order={2} fz="lg" id="plan-title" mb="sm">
                  1. Plan
                </Title>
                {data.plans.length === 0 ? (
                  <Text c="dimmed">This module has no plan on sale right now.</Text>
                ) : (
                  <Radio.Group
                    value={plan ? String(plan.id) : null}
                    onChange={(v) => {
                      setPlanId(Number(v));
                      errors.clearField('planId');
                    }}
                    error={errors.field('planId') ?? otherQuoteErrors.find((x) => x.field === 'planId')?.message}
                    label="Choose a plan"
                    labelProps={{ mb: 'xs' }}
                  >
                    <Stack gap="xs">
                      {data.plans.map((p) => (
                        <Radio.Card
                          key={p.id}
                          value={String(p.id)}
                          p="md"
                          radius="md"
                          data-testid={`plan-${p.id}`}
                          aria-label={`${p.name}, ${planPriceLabel(p)}`}
                        >
                          <Group wrap="nowrap" align="flex-start">
                            <Radio.Indicator />
                            <Box style={{ flex: 1, minWidth: 0 }}>
                              <Group justify="space-between" wrap="wrap" gap="xs">
                                <Text fw={600}>{p.name}</Text>
                                <Text fw={600}>{planPriceLabel(p)}</Text>
                              </Group>
                              <Text size="sm" c="dimmed">
                                {planTermLabel(p)}
                                {p.maxInstances ? ` Up to ${p.maxInstances} instance${p.maxInstances > 1 ? 's' : ''}.` : ''}
                                {p.maxUsers ? ` Up to ${p.maxUsers} users.` : ''}
                              </Text>
                            </Box>
                          </Group>
                        </Radio.Card>
                      ))}
                    </Stack>
                  </Radio.Group>
                )}
                {trialOffered && (
                  <Checkbox
                    mt="md"
                    label={`Start a ${plan!.trialDays}-day free trial: nothing charged today`}
                    description="Cancel before the trial ends and you are never charged. One trial per organization and module."
                    checked={wantTrial}
                    onChange={(e) => {
                      setWantTrial(e.currentTarget.checked);
                      errors.clearField('startTrial');
                    }}
                    error={errors.field('startTrial') ?? (startTrial ? trialError?.message : undefined)}
                    data-testid="start-trial"
                  />
                )}
                {isCustom && (
                  <NumberInput
                    mt="md"
                    label="Days of custom development"
                    description={plan?.ratePerDay ? `${formatMoney(plan.ratePerDay)} per day` : undefined}
                    min={1}
                    max={3650}
                    allowDecimal={false}
                    allowNegative={false}
                    value={days}
                    onChange={(v) => {
                      setDays(typeof v === 'number' ? v : v === '' ? '' : Number(v));
                      errors.clearField('days');
                    }}
                    error={errors.field('days') ?? daysError?.message}
                    maw={240}
                  />
                )}
                {!startTrial && (
                  <TextInput
                    mt="md"
                    label="Coupon code"
                    placeholder="e.g. ANNUAL20"
                    leftSection={<IconTicket size={16} aria-hidden />}
                    value={coupon}
                    onChange={(e) => {
                      setCoupon(e.currentTarget.value);
                      errors.clearField('couponCode');
                    }}
                    error={
                      errors.field('couponCode') ?? (coupon.trim() && coupon.trim() === debouncedCoupon ? couponError?.message : undefined)
                    }
                    description={
                      quote?.couponCode && coupon.trim()
                        ? `${quote.couponCode} applied: −${formatMoney(quote.discount)}`
                        : 'Codes are not case-sensitive.'
                    }
                    autoComplete="off"
                    maw={320}
                  />
                )}
              </Card>

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
                <Card withBorder padding="lg" component="section" aria-labelledby="contract-title">
                  <Group justify="space-between" mb="sm" wrap="wrap">
                    <Title order={2} fz="lg" id="contract-title">
                      2. {data.contract.contractType === 'eula' ? 'License agreement' : 'Contract'}
                    </Title>
                    <Badge variant="outline" color="gray.7">
                      Version {data.contract.version} · since <DateText value={data.contract.effectiveFrom} />
                    </Badge>
                  </Group>
                  <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars aria-label="Agreement text" tabIndex={0}>
                    <Box fz="sm" pr="sm">
                      {data.contract.body ? (
                        <Markdown source={data.contract.body} size="sm" headingOffset={2} />
                      ) : (
                        <Text size="sm">The full terms are at the link below.</Text>
                      )}
                    </Box>
                  </ScrollArea.Autosize>
                  {data.contract.termsUrl && (
                    <Anchor
                      href={data.contract.termsUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      size="sm"
                      mt="xs"
                      display="inline-flex"
                      style={{ alignItems: 'center', gap: 4 }}
                    >
                      Full terms <IconExternalLink size={14} aria-hidden />
                    </Anchor>
                  )}
                  <Checkbox
                    mt="md"
                    label={`I accept the ${data.contract.contractType === 'eula' ? 'license agreement' : 'contract'} (version ${data.contract.version}) on behalf of my organization`}
                    checked={accepted}
                    onChange={(e) => {
                      setAccepted(e.currentTarget.checked);
                      errors.clearField('acceptContractId');
                    }}
                    error={errors.field('acceptContractId')}
                  />
                </Card>
              )}

              <Card withBorder padding="lg" component="section" aria-labelledby="payment-title">
                <Title order={2} fz="lg" id="payment-title" mb="sm">
                  {data.contract ? '3.' : '2.'} Payment
                </Title>
                {!requiresPayment ? (
                  <Text size="sm" c="dimmed">
                    Nothing to pay for this plan.
                  </Text>
                ) : (
                  <Radio.Group
                    value={paymentMethodId}
                    onChange={(v) => {
                      setPaymentMethodId(v);
                      setDeclined(null);
                      errors.clearField('paymentMethodId');
                    }}
                    error={errors.field('paymentMethodId')}
                    label={startTrial ? 'Charge when the trial ends' : 'Pay with'}
                    labelProps={{ mb: 'xs' }}
                  >
                    <Stack gap="xs">
                      {methodOptions.map((m) => (
                        <Radio.Card key={m.id} value={m.id} p="sm" radius="md" aria-label={m.label} data-testid={`pm-${m.id}`}>
                          <Group wrap="nowrap">
                            <Radio.Indicator />
                            <IconCreditCard size={20} aria-hidden />
                            <Box style={{ flex: 1, minWidth: 0 }}>
                              <Group gap="xs" wrap="wrap">
                                <Text size="sm" fw={500}>
                                  {m.label}
                                </Text>
                                {m.kind === 'test' && (
                                  <Badge size="xs" variant="outline" color="orange.9">
                                    Sandbox
                                  </Badge>
                                )}
                              </Group>
                              {m.description && (
                                <Text size="xs" c="dimmed">
                                  {m.description}
                                </Text>
                              )}
                            </Box>
                          </Group>
                        </Radio.Card>
                      ))}
                    </Stack>
                  </Radio.Group>
                )}
                {renews && requiresPayment && !startTrial && (
                  <Switch
                    mt="md"
                    label="Renew automatically with this payment method"
                    checked={autoRenew}
                    onChange={(e) => setAutoRenew(e.currentTarget.checked)}
                  />
                )}
              </Card>
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
