import {
  Alert,
  Anchor,
  Badge,
  Box,
  Card,
  Checkbox,
  Divider,
  Group,
  Loader,
  NumberInput,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconPackages, IconTicket } from '@tabler/icons-react';
import type { CheckoutDependenciesQuery } from '../../../gql/graphql';
import type { CartQuote } from './order-summary';
import { Money } from '../../../shared/components/money';
import { Markdown } from '../../../shared/components/markdown';
import { formatMoney, formatRatePercent, isZero } from '@wk/domain';
import { planPriceLabel, planTermLabel } from './checkout-labels';

export type DependencyCartData = CheckoutDependenciesQuery['checkoutDependencies'];
export type CartDependency = DependencyCartData['required'][number];

/** What the buyer chose for one dependency line. */
export interface LineChoice {
  planId: number | null;
  days: number | '';
  coupon: string;
  accepted: boolean;
}

export const emptyChoice = (d: CartDependency): LineChoice => ({ planId: d.plans[0]?.id ?? null, days: 10, coupon: '', accepted: false });

/** The lines bought with the module: required dependencies, then the optional ones the buyer ticked. */
export function cartLinesOf(deps: DependencyCartData | null | undefined): CartDependency[] {
  if (!deps) return [];
  return [...deps.required, ...deps.optional.filter((o) => o.selected)];
}

/** The target the versions were resolved for, in words. */
function targetText(deps: DependencyCartData): string {
  if (deps.instance) return `${deps.instance.name} (${deps.instance.softwareName} ${deps.instance.coreVersion})`;
  if (deps.instanceCount === 0) return 'any instance (your organization has none yet)';
  return deps.instanceCount === 1 ? 'your instance' : `all ${deps.instanceCount} of your instances`;
}

/**
 * "Also in your cart": each required dependency the org does not license, with why it is there
 * ("Custom ERP requires CRM Pro ≥ 1.0.0"), the version that fits the target, a plan picker, its own
 * coupon and agreement, and its line total; then the optional dependencies as unchecked offers.
 */
export function DependencyCartSection({
  moduleName,
  deps,
  loading,
  choices,
  onChoice,
  optionalPicked,
  onToggleOptional,
  instances,
  instanceId,
  onInstance,
  quote,
  lineError,
}: {
  moduleName: string;
  deps: DependencyCartData;
  loading: boolean;
  choices: Record<number, LineChoice>;
  onChoice: (moduleId: number, patch: Partial<LineChoice>) => void;
  optionalPicked: number[];
  onToggleOptional: (moduleId: number, picked: boolean) => void;
  instances: { value: string; label: string }[];
  instanceId: number | null;
  onInstance: (id: number | null) => void;
  quote: CartQuote | null;
  /** The error of an input of the i-th dependency line (`dependencyLines[i].<field>`). */
  lineError: (index: number, field: string) => string | undefined;
}) {
  const lines = cartLinesOf(deps);
  const offers = deps.optional.filter((o) => !o.selected);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="deps-title" data-testid="dependency-cart">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <IconPackages size={20} aria-hidden />
          <Title order={2} fz="lg" id="deps-title">
            Also in your cart
          </Title>
        </Group>
        {loading && <Loader size="xs" aria-label="Checking dependencies" />}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {lines.length
          ? `${moduleName} needs ${lines.length === 1 ? 'another module' : 'other modules'} your organization does not license yet. They are bought together, with one payment: all or nothing.`
          : `${moduleName} needs nothing else your organization does not already have.`}
      </Text>
      {instances.length > 0 && (
        <Select
          label="Install on"
          description="Versions are chosen to fit this instance."
          data={[{ value: '', label: 'All my instances' }, ...instances]}
          value={instanceId ? String(instanceId) : ''}
          onChange={(v) => onInstance(v ? Number(v) : null)}
          allowDeselect={false}
          maw={360}
          mb="md"
        />
      )}
      {!deps.compatible && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} mb="md" title="Version check">
          No approved version of {moduleName} fits {targetText(deps)}.
        </Alert>
      )}
      <Stack gap="md">
        {lines.map((d, i) => (
          <DependencyLine
            key={d.module.id}
            d={d}
            index={i}
            target={targetText(deps)}
            choice={choices[d.module.id] ?? emptyChoice(d)}
            onChoice={(patch) => onChoice(d.module.id, patch)}
            onRemove={d.role === 'optional' ? () => onToggleOptional(d.module.id, false) : null}
            quote={quote?.lines.find((l) => l.module.id === d.module.id)?.quote ?? null}
            lineError={(f) => lineError(i, f)}
          />
        ))}
        {deps.satisfied.map((d) => (
          <Text key={d.module.id} size="sm" c="dimmed" data-testid={`dep-satisfied-${d.module.slug}`}>
            {d.reason}: {d.builtIn ? 'built into your software.' : 'your organization already has a license.'}
          </Text>
        ))}
        {offers.length > 0 && (
          <Box>
            <Divider mb="sm" label="Optional" labelPosition="left" />
            <Stack gap="xs">
              {offers.map((o) => (
                <Checkbox
                  key={o.module.id}
                  checked={optionalPicked.includes(o.module.id)}
                  onChange={(e) => onToggleOptional(o.module.id, e.currentTarget.checked)}
                  label={`Add ${o.module.name}`}
                  description={`${o.reason}. ${o.plans[0] ? `From ${planPriceLabel(o.plans[0])}.` : ''}`}
                  data-testid={`dep-offer-${o.module.slug}`}
                />
              ))}
            </Stack>
          </Box>
        )}
      </Stack>
    </Card>
  );
}

function DependencyLine({
  d,
  index,
  target,
  choice,
  onChoice,
  onRemove,
  quote,
  lineError,
}: {
  d: CartDependency;
  index: number;
  target: string;
  choice: LineChoice;
  onChoice: (patch: Partial<LineChoice>) => void;
  onRemove: (() => void) | null;
  quote: CartQuote['lines'][number]['quote'] | null;
  lineError: (field: string) => string | undefined;
}) {
  const plan = d.plans.find((p) => p.id === choice.planId) ?? null;
  const what = d.contract?.contractType === 'eula' ? 'license agreement' : 'contract';
  const moduleError = lineError('moduleId');
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      data-testid={`dep-line-${d.module.slug}`}
      aria-label={`${d.module.name}, cart line ${index + 2}`}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{d.module.name}</Text>
          <Badge variant="light" color={d.role === 'required' ? 'blue' : 'gray'}>
            {d.role === 'required' ? 'Required' : 'Optional'}
          </Badge>
        </Group>
        {onRemove && (
          <Anchor component="button" type="button" size="sm" onClick={onRemove}>
            Remove
          </Anchor>
        )}
      </Group>
      <Text size="sm" data-testid="dep-reason">
        {d.reason}.
      </Text>
      <Text size="xs" c={d.compatible ? 'dimmed' : 'orange.9'} mb="sm">
        By {d.module.vendorName} ·{' '}
        {d.version
          ? d.compatible
            ? `Version ${d.version.version} fits ${target}.`
            : `Version ${d.version.version} does not fit ${target}.`
          : `No approved version of ${d.module.name} ≥ ${d.minVersion}.`}
      </Text>
      {moduleError && (
        <Text size="sm" c="red.8" role="alert" mb="xs">
          {moduleError}
        </Text>
      )}
      <Group align="flex-start" gap="md" wrap="wrap">
        <Select
          label={`Plan for ${d.module.name}`}
          data={d.plans.map((p) => ({ value: String(p.id), label: `${p.name} — ${planPriceLabel(p)}` }))}
          value={choice.planId ? String(choice.planId) : null}
          onChange={(v) => v && onChoice({ planId: Number(v) })}
          allowDeselect={false}
          error={lineError('planId')}
          description={plan ? planTermLabel(plan) : undefined}
          w={{ base: '100%', sm: 300 }}
          data-testid={`dep-plan-${d.module.slug}`}
        />
        {plan?.planType === 'custom' && (
          <NumberInput
            label="Days"
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={choice.days}
            onChange={(v) => onChoice({ days: typeof v === 'number' ? v : v === '' ? '' : Number(v) })}
            error={lineError('days')}
            w={120}
          />
        )}
        <TextInput
          label="Coupon"
          placeholder="Optional"
          leftSection={<IconTicket size={16} aria-hidden />}
          value={choice.coupon}
          onChange={(e) => onChoice({ coupon: e.currentTarget.value })}
          error={lineError('couponCode')}
          autoComplete="off"
          w={{ base: '100%', sm: 180 }}
          aria-label={`Coupon for ${d.module.name}`}
        />
      </Group>
      {d.contract && (
        <Box mt="sm">
          {d.contract.body && (
            <ScrollArea.Autosize mah={96} type="auto" offsetScrollbars aria-label={`${d.module.name} agreement text`} tabIndex={0}>
              <Box fz="xs" pr="sm" c="dimmed">
                <Markdown source={d.contract.body} size="sm" headingOffset={3} />
              </Box>
            </ScrollArea.Autosize>
          )}
          {d.contract.termsUrl && (
            <Anchor
              href={d.contract.termsUrl}
              target="_blank"
              rel="noopener noreferrer"
              size="xs"
              display="inline-flex"
              style={{ alignItems: 'center', gap: 4 }}
            >
              Full terms <IconExternalLink size={12} aria-hidden />
            </Anchor>
          )}
          <Checkbox
            mt="xs"
            label={`I accept the ${d.module.name} ${what} (version ${d.contract.version})`}
            checked={choice.accepted}
            onChange={(e) => onChoice({ accepted: e.currentTarget.checked })}
            error={lineError('acceptContractId')}
          />
        </Box>
      )}
      {quote && (
        <Group justify="space-between" mt="sm" gap="xs" wrap="wrap" data-testid={`dep-line-total-${d.module.slug}`}>
          <Text size="xs" c="dimmed">
            {formatMoney(quote.subtotal)}
            {!isZero(quote.discount.amount) ? ` − ${formatMoney(quote.discount)} (${quote.couponCode})` : ''}
            {quote.reverseCharge
              ? ' · VAT reverse charge'
              : quote.taxName
                ? ` + ${quote.taxName} ${formatRatePercent(quote.taxRate)} ${formatMoney(quote.tax)}`
                : ''}
          </Text>
          <Text size="sm" fw={600}>
            Line total <Money value={quote.total} />
          </Text>
        </Group>
      )}
    </Card>
  );
}
