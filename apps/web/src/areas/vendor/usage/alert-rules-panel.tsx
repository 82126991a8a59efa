import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellRinging } from '@tabler/icons-react';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { ModuleAlertsQuery } from './graphql/module-alerts.query';
import { ModuleAlertRuleCreateMutation } from './graphql/module-alert-rule-create.mutation';
import { ModuleAlertRuleUpdateMutation } from './graphql/module-alert-rule-update.mutation';
import { ModuleAlertRuleDeleteMutation } from './graphql/module-alert-rule-delete.mutation';

type Kind = 'error_rate' | 'new_error';

const ruleLabel = (r: { kind: string; thresholdPercent?: string | null }) =>
  r.kind === 'error_rate' ? `Error rate above ${r.thresholdPercent} % over a day` : 'A new error (never reported before)';

function RuleStatus({ enabled, firing }: { enabled: boolean; firing: boolean }) {
  if (!enabled)
    return (
      <Badge color="gray.7" variant="outline">
        Off
      </Badge>
    );
  return firing ? (
    <Badge color="red.8" variant="filled">
      Firing
    </Badge>
  ) : (
    <Badge color="green.9" variant="outline">
      Watching
    </Badge>
  );
}

/**
 * The module's alert rules (error rate above X % over a day, or a new error fingerprint), a form to
 * add one, and the latest incidents. Each incident notifies the vendor once, in-app and by e-mail.
 */
export function AlertRulesPanel({ moduleId }: { moduleId: number }) {
  const query = useQuery(ModuleAlertsQuery, { variables: { moduleId }, fetchPolicy: 'cache-and-network' });
  const refetchQueries = ['ModuleAlerts'];
  const [create, creating] = useMutation(ModuleAlertRuleCreateMutation, { refetchQueries });
  const [update] = useMutation(ModuleAlertRuleUpdateMutation, { refetchQueries });
  const [remove] = useMutation(ModuleAlertRuleDeleteMutation, { refetchQueries });
  const [kind, setKind] = useState<Kind>('error_rate');
  const [threshold, setThreshold] = useState('5');
  const errors = useFormErrors(['thresholdPercent', 'kind']);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await create({
        variables: { input: { moduleId, kind, thresholdPercent: kind === 'error_rate' ? threshold : null } },
      });
      const r = data?.moduleAlertRuleCreate;
      if (r?.errors.length) return errors.setFromPayload(r.errors);
      notifications.show({ color: 'green', message: `Alert rule added: ${ruleLabel(r!.rule!)}.` });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  const showFailure = (list: readonly { message: string }[] | undefined) =>
    list?.length ? notifications.show({ color: 'red', title: 'Not saved', message: list[0]!.message }) : undefined;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="alert-rules-title">
      <Stack gap="md">
        <div>
          <Title order={2} fz="md" id="alert-rules-title">
            Alert rules
          </Title>
          <Text size="sm" c="dimmed">
            Each incident notifies you once, in the app and by e-mail. While the condition holds you are not notified again; once it clears,
            a new rise is a new incident.
          </Text>
        </div>
        <form onSubmit={submit} aria-label="New alert rule">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="alert-kind-label">
                Alert when
              </Text>
              <SegmentedControl
                aria-labelledby="alert-kind-label"
                value={kind}
                onChange={(v) => setKind(v as Kind)}
                data={[
                  { value: 'error_rate', label: 'High error rate' },
                  { value: 'new_error', label: 'New error' },
                ]}
              />
            </Stack>
            {kind === 'error_rate' && (
              <TextInput
                label="Error rate above (%)"
                description="Errors ÷ API calls of a day, all installs"
                w={220}
                inputMode="decimal"
                value={threshold}
                onChange={(e) => {
                  setThreshold(e.currentTarget.value);
                  errors.clearField('thresholdPercent');
                }}
                error={errors.field('thresholdPercent')}
              />
            )}
            <Button type="submit" loading={creating.loading} leftSection={<IconBellRinging size={16} aria-hidden />}>
              Add rule
            </Button>
          </Group>
          <Stack mt="xs">
            {errors.field('kind') && (
              <Text size="sm" c="red.8" role="alert">
                {errors.field('kind')}
              </Text>
            )}
            <FormErrorAlert errors={errors.general} />
          </Stack>
        </form>
        <QueryStates
          query={query}
          isEmpty={(d) => d.moduleAlertRules.length === 0}
          empty={
            <PageEmpty
              icon={<IconBellRinging aria-hidden />}
              title="No alert rules yet"
              description="Add one above to hear about a high error rate or a new error."
            />
          }
        >
          {(d) => (
            <Stack gap="md">
              <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Alert rules of this module">
                {d.moduleAlertRules.map((r) => (
                  <Card component="li" key={r.id} withBorder padding="xs" data-testid="alert-rule-row">
                    <Group justify="space-between" gap="xs" wrap="wrap">
                      <Group gap="xs" wrap="wrap" style={{ flex: '1 1 220px', minWidth: 0 }}>
                        <Text size="sm" fw={600}>
                          {ruleLabel(r)}
                        </Text>
                        <RuleStatus enabled={r.enabled} firing={r.firing} />
                      </Group>
                      <Group gap="xs" wrap="nowrap">
                        <Switch
                          checked={r.enabled}
                          label="On"
                          aria-label={`${ruleLabel(r)}: on`}
                          onChange={async (e) => {
                            const { data: u } = await update({ variables: { input: { id: r.id, enabled: e.currentTarget.checked } } });
                            showFailure(u?.moduleAlertRuleUpdate.errors);
                          }}
                        />
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red.8"
                          aria-label={`Delete rule: ${ruleLabel(r)}`}
                          onClick={async () => {
                            const { data: x } = await remove({ variables: { input: { id: r.id } } });
                            showFailure(x?.moduleAlertRuleDelete.errors);
                          }}
                        >
                          Delete
                        </Button>
                      </Group>
                    </Group>
                  </Card>
                ))}
              </Stack>
              <Title order={3} fz="sm">
                Latest incidents
              </Title>
              {d.moduleAlertIncidents.edges.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No incident so far.
                </Text>
              ) : (
                <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Latest incidents">
                  {d.moduleAlertIncidents.edges.map(({ node: i }) => (
                    <Card component="li" key={i.id} withBorder padding="xs" data-testid="alert-incident">
                      <Group justify="space-between" gap="xs" wrap="wrap">
                        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                          {i.kind === 'error_rate'
                            ? `Error rate ${i.errorRatePercent} % on ${i.windowDate} (${i.errors} errors in ${i.apiCalls} calls; threshold ${i.thresholdPercent} %)`
                            : `New error ${i.errorType}: ${i.errorMessage}`}
                        </Text>
                        {i.kind === 'error_rate' &&
                          (i.clearedAt ? (
                            <Badge color="gray.7" variant="outline">
                              Cleared
                            </Badge>
                          ) : (
                            <Badge color="red.8">Open</Badge>
                          ))}
                      </Group>
                      <Text size="xs" c="dimmed">
                        Opened <DateText value={i.openedAt} withTime />
                        {i.clearedAt && (
                          <>
                            {' '}
                            · cleared <DateText value={i.clearedAt} withTime />
                          </>
                        )}
                      </Text>
                    </Card>
                  ))}
                </Stack>
              )}
            </Stack>
          )}
        </QueryStates>
      </Stack>
    </Card>
  );
}
