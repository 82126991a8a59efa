import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Modal, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { CHECK_LABEL } from '../../../shared/checks/automated-checks';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { describeError } from '../../../shared/errors/describe-error';
import { AdminReviewRescanQuery } from './graphql/admin-review-rescan.query';
import { ReviewRescanStartMutation } from './graphql/review-rescan-start.mutation';

/**
 * Re-scan of every published version (the rules changed, or on demand): start it, and follow its
 * progress while the job workers run the checks (polled every few seconds until nothing is left).
 */
export function RescanPanel() {
  const query = useQuery(AdminReviewRescanQuery, { fetchPolicy: 'cache-and-network' });
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const errors = useFormErrors(['reason']);
  const [start, starting] = useMutation(ReviewRescanStartMutation, { refetchQueries: ['AdminReviewRescan'] });
  const r = query.data?.adminReviewRescan ?? null;
  const p = r?.progress;
  const left = p ? p.queued + p.running : 0;
  const { startPolling, stopPolling } = query;
  useEffect(() => {
    if (left > 0) startPolling(3000);
    else stopPolling();
    return () => stopPolling();
  }, [left, startPolling, stopPolling]);

  const submit = async () => {
    errors.clear();
    try {
      const { data } = await start({ variables: { input: { reason: reason.trim() || null } } });
      if (data?.reviewRescanStart.errors.length) return errors.setFromPayload(data.reviewRescanStart.errors);
      notifications.show({
        color: 'indigo',
        title: 'Re-scan started',
        message: `${data?.reviewRescanStart.rescan?.total ?? 0} checks queued for the job workers.`,
      });
      setOpen(false);
      setReason('');
    } catch (e) {
      errors.setFromException(e);
    }
  };

  const done = p ? p.passed + p.failed + p.errored : 0;
  const bad = p ? p.failed + p.errored : 0;
  return (
    <Card withBorder padding="lg" mb="lg" data-testid="rescan-panel" aria-labelledby="rescan-title">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} maw={560}>
          <Title order={2} fz="lg" id="rescan-title">
            Re-scan published versions
          </Title>
          <Text size="sm" c="dimmed">
            Runs every automated check again on each approved or withdrawn version, e.g. after the secret or code rules changed.
          </Text>
        </Stack>
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={() => {
            errors.clear();
            setOpen(true);
          }}
          disabled={left > 0}
        >
          {left > 0 ? 'Re-scan running' : 'Start a re-scan…'}
        </Button>
      </Group>
      {query.error && !r ? (
        <Alert color="red" mt="md" title="The re-scan status could not be loaded">
          {describeError(query.error)}
        </Alert>
      ) : !query.data && query.loading ? (
        <Group mt="md" gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed" role="status">
            Loading the last re-scan…
          </Text>
        </Group>
      ) : !r || !p ? (
        <Text size="sm" c="dimmed" mt="md">
          No re-scan has been run yet.
        </Text>
      ) : (
        <Stack gap="xs" mt="md" data-testid="rescan-progress">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              Last re-scan #{r.id}
            </Text>
            <Text size="sm" c="dimmed">
              started <DateText value={r.createdAt} withTime />
              {r.reason ? ` · ${r.reason}` : ''}
            </Text>
            <Badge color={left > 0 ? 'indigo' : bad > 0 ? 'red.8' : 'green.9'} variant="outline" data-testid="rescan-status">
              {left > 0 ? 'Running' : bad > 0 ? 'Finished with failures' : 'Finished'}
            </Badge>
          </Group>
          <Progress.Root size="lg" aria-label={`${done} of ${r.total} checks done`}>
            <Progress.Section value={r.total ? (p.passed / r.total) * 100 : 0} color="green.9" />
            <Progress.Section value={r.total ? (bad / r.total) * 100 : 0} color="red.8" />
            <Progress.Section value={r.total ? (p.running / r.total) * 100 : 0} color="indigo" animated />
          </Progress.Root>
          <Text size="sm" data-testid="rescan-counts">
            {r.total} checks: {p.queued} queued · {p.running} running · {done} done: {p.passed} passed, {bad} failed
            {bad > 0 && p.errored > 0 ? ` (${p.errored} could not run, which counts as failed)` : ''}
          </Text>
          {query.error && (
            <Text size="xs" c="red.8" role="alert">
              The progress could not be refreshed: {describeError(query.error)}
            </Text>
          )}
          {p.failedVersions.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                Versions with a failed check — open one to see the findings, and withdraw it if needed:
              </Text>
              <List size="sm" spacing={2}>
                {p.failedVersions.map((v) => (
                  <List.Item key={v.versionId} data-testid="rescan-failed-version">
                    {v.validationId ? (
                      <Anchor component={Link} to={`/admin/validation/${v.validationId}`}>
                        {v.moduleName} {v.version}
                      </Anchor>
                    ) : (
                      `${v.moduleName} ${v.version}`
                    )}{' '}
                    <Text span size="xs" c="dimmed">
                      ({v.status}) · failed: {v.failedChecks.map((k) => CHECK_LABEL[k]).join(', ')}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
        </Stack>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Re-scan every published version?" centered>
        <Stack>
          <Text size="sm">
            Each approved or withdrawn version is checked again by the job workers. Versions stay on sale while they are checked; a failure
            is shown here for you to act on.
          </Text>
          <TextInput
            label="Reason (optional)"
            placeholder="e.g. secret rules updated"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.field('reason')}
            maxLength={500}
            data-autofocus
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button loading={starting.loading} onClick={submit}>
              Start the re-scan
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
