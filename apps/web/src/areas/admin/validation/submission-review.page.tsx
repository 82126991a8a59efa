import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Divider,
  Group,
  List,
  Modal,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconDownload, IconX } from '@tabler/icons-react';
import type { AdminSubmissionQuery as Data, CheckKind, DeclarationChange, ValidationCheckKind } from '../../../gql/graphql';
import { AutomatedChecks, CHECK_LABEL, checksRunning } from '../../../shared/checks/automated-checks';
import { asSentence } from '../../../shared/format/text.format';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { AdminSubmissionQuery } from './graphql/admin-submission.query';
import { ValidationRecordChecksMutation } from './graphql/validation-record-checks.mutation';
import { ValidationApproveMutation } from './graphql/validation-approve.mutation';
import { ValidationRejectMutation } from './graphql/validation-reject.mutation';
import { AdminCrumbs } from '../components/admin-crumbs';
import { ValidationCheckOverrideMutation } from './graphql/validation-check-override.mutation';
import { ModuleVersionWithdrawMutation } from './graphql/module-version-withdraw.mutation';
import { ModuleVersionRestoreMutation } from './graphql/module-version-restore.mutation';

type Submission = Data['adminSubmission'];
const CHANGE_COLOR: Record<DeclarationChange, string> = { ADDED: 'green.9', REMOVED: 'red.8', CHANGED: 'orange.8', UNCHANGED: 'gray.6' };

const formatBytes = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

export function SubmissionReviewPage() {
  const id = Number(useParams().id);
  const query = useQuery(AdminSubmissionQuery, { variables: { id }, skip: !Number.isSafeInteger(id), fetchPolicy: 'cache-and-network' });
  // While checks run (jobs), follow them.
  const running = checksRunning(query.data?.adminSubmission.automatedChecks ?? []);
  const { startPolling, stopPolling } = query;
  useEffect(() => {
    if (!running) return;
    startPolling(1500);
    return () => stopPolling();
  }, [running, startPolling, stopPolling]);
  if (!Number.isSafeInteger(id) || hasErrorCode(query.error, 'NOT_FOUND')) return <NotFoundPage />;
  return (
    <QueryStates query={query}>
      {(d) => {
        const s = d.adminSubmission;
        return (
          <>
            <AdminCrumbs
              section={{ to: '/admin/validation', label: 'Validation queue' }}
              current={`${s.module.name} ${s.version.version}`}
            />
            <PageHeader
              title={`${s.module.name} ${s.version.version}`}
              description={
                <Group gap="xs" component="span">
                  <Badge color={s.status === 'pending' ? 'orange.8' : s.status === 'approved' ? 'green.9' : 'red.8'} variant="outline">
                    {s.status === 'pending' ? 'Awaiting review' : s.status}
                  </Badge>
                  <span>
                    by {s.vendor.name}
                    {s.vendor.isVerified ? ' (verified)' : ' (not verified)'} · submitted <DateText value={s.submittedAt} withTime /> ·{' '}
                    {s.version.channel} channel
                  </span>
                </Group>
              }
              actions={
                s.artifactDownloadUrl ? (
                  <Button
                    component="a"
                    href={s.artifactDownloadUrl}
                    download
                    variant="default"
                    leftSection={<IconDownload size={16} aria-hidden />}
                  >
                    Download artifact
                  </Button>
                ) : undefined
              }
            />
            <Stack gap="lg">
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <ArtifactCard s={s} />
                <ManifestCard s={s} />
              </SimpleGrid>
              <DiffCard s={s} />
              <AdminChecksCard s={s} />
              <ReviewCard key={`${s.id}-${s.status}`} s={s} />
              <WithdrawCard s={s} />
            </Stack>
          </>
        );
      }}
    </QueryStates>
  );
}

function ArtifactCard({ s }: { s: Submission }) {
  const v = s.version;
  return (
    <Card withBorder padding="lg">
      <Title order={2} fz="md" mb="sm">
        Version
      </Title>
      <Table variant="vertical" withRowBorders={false} aria-label="Version">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={150}>SHA-256</Table.Th>
            <Table.Td>
              <Code fz="xs" style={{ overflowWrap: 'anywhere' }}>
                {v.hash ?? '—'}
              </Code>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Size</Table.Th>
            <Table.Td>{formatBytes(v.sizeBytes)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Uploaded</Table.Th>
            <Table.Td>
              <DateText value={v.createdAt} withTime />
              {v.submittedByName ? ` by ${v.submittedByName}` : ''}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Compatible with previous</Table.Th>
            <Table.Td>{v.isCompatibleWithPrevious ? 'Yes' : 'No (breaking)'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Update flow</Table.Th>
            <Table.Td>
              {v.updateFlow
                ? `from ${v.updateFlow.fromVersion.version} (${v.updateFlow.updateType})${v.updateFlow.isBreaking ? ', breaking' : ''}${v.updateFlow.requiresDowntime ? ', downtime' : ''}${v.updateFlow.estimatedDurationMinutes !== null && v.updateFlow.estimatedDurationMinutes !== undefined ? `, ~${v.updateFlow.estimatedDurationMinutes} min` : ''}`
                : 'none (first approved version)'}
              {v.updateFlow?.migrationScriptPath && (
                <Text size="xs" c="dimmed">
                  migration {v.updateFlow.migrationScriptPath} · rollback {v.updateFlow.rollbackScriptPath ?? 'none'}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Integrations</Table.Th>
            <Table.Td>
              {v.integrations.length ? v.integrations.map((i) => `${i.module.name} (${i.integrationType})`).join(', ') : 'none'}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Divider my="sm" />
      <Text size="sm" fw={600} mb={4}>
        Changelog (Markdown source)
      </Text>
      <ScrollArea.Autosize mah={220}>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="changelog">
          {v.changelog ?? '—'}
        </Text>
      </ScrollArea.Autosize>
    </Card>
  );
}

function ManifestCard({ s }: { s: Submission }) {
  return (
    <Card withBorder padding="lg" data-testid="manifest">
      <Title order={2} fz="md" mb="sm">
        Manifest (webkernel-module.json)
      </Title>
      {s.version.manifest ? (
        <ScrollArea.Autosize mah={360}>
          <Code block>{JSON.stringify(s.version.manifest, null, 2)}</Code>
        </ScrollArea.Autosize>
      ) : (
        <Text size="sm" c="dimmed">
          No manifest stored (imported release).
        </Text>
      )}
    </Card>
  );
}

function DiffCard({ s }: { s: Submission }) {
  const prev = s.diff.previousVersion;
  const deps = (t: { minVersion: string; isRequired: boolean; dependencyType: string } | null | undefined) =>
    t ? `≥ ${t.minVersion}, ${t.isRequired ? 'required' : 'optional'}, ${t.dependencyType}` : '—';
  return (
    <Card withBorder padding="lg" data-testid="diff">
      <Title order={2} fz="md" mb={4}>
        {prev ? `Declarations compared with version ${prev.version}` : 'Declarations (no earlier approved version to compare with)'}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Core compatibility and dependencies as declared by this version and by the previous approved one.
      </Text>
      <Table.ScrollContainer minWidth={600}>
        <Table aria-label="Compatibility changes" mb="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Software</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
              <Table.Th>Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.diff.compatibility.map((c) => (
              <Table.Tr key={c.software.id}>
                <Table.Td>{c.software.name}</Table.Td>
                <Table.Td>{c.before.join('; ') || '—'}</Table.Td>
                <Table.Td>{c.after.join('; ') || '—'}</Table.Td>
                <Table.Td>
                  <Badge color={CHANGE_COLOR[c.change]} variant="outline">
                    {c.change.toLowerCase()}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Table aria-label="Dependency changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Dependency</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
              <Table.Th>Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.diff.dependencies.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed">
                    No dependencies before or after.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {s.diff.dependencies.map((dep) => (
              <Table.Tr key={dep.module.id}>
                <Table.Td>{dep.module.name}</Table.Td>
                <Table.Td>{deps(dep.before)}</Table.Td>
                <Table.Td>{deps(dep.after)}</Table.Td>
                <Table.Td>
                  <Badge color={CHANGE_COLOR[dep.change]} variant="outline">
                    {dep.change.toLowerCase()}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

type Verdict = 'pass' | 'fail' | 'none';

/** The automated checks with the override of a failed one (a reason, audited). */
function AdminChecksCard({ s }: { s: Submission }) {
  const [target, setTarget] = useState<CheckKind | null>(null);
  const [reason, setReason] = useState('');
  const errors = useFormErrors(['reason', 'kind']);
  const [override, overriding] = useMutation(ValidationCheckOverrideMutation, { refetchQueries: ['AdminSubmission'] });
  const pending = s.status === 'pending';
  const running = checksRunning(s.automatedChecks);
  const save = async () => {
    if (!target) return;
    errors.clear();
    try {
      const { data } = await override({ variables: { input: { validationId: s.id, kind: target, reason } } });
      if (data?.validationCheckOverride.errors.length) return errors.setFromPayload(data.validationCheckOverride.errors);
      notifications.show({
        color: 'orange',
        title: 'Check overridden',
        message: `${CHECK_LABEL[target]}: your reason is recorded in the audit log.`,
      });
      setTarget(null);
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <>
      <AutomatedChecks
        checks={s.automatedChecks}
        intro={
          <Text size="sm" c="dimmed">
            Run on the uploaded archive before review. Approval needs every check passed, or overridden with a reason.
            {running ? ' Some checks are still running.' : ''}
          </Text>
        }
        checkActions={(c) =>
          pending && c.effective === 'failed' ? (
            <Button
              size="compact-xs"
              variant="light"
              color="orange"
              onClick={() => {
                setReason('');
                errors.clear();
                setTarget(c.kind);
              }}
            >
              Override…
            </Button>
          ) : null
        }
      />
      <Modal opened={!!target} onClose={() => setTarget(null)} title={target ? `Override the ${CHECK_LABEL[target]} check?` : ''} centered>
        <Stack>
          <Text size="sm">The check stays failed in the record; your reason allows approval and is audited.</Text>
          <Textarea
            label="Reason"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.field('reason') ?? errors.field('kind')}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTarget(null)}>
              Cancel
            </Button>
            <Button color="orange" loading={overriding.loading} onClick={save}>
              Override
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Withdraw (yank) an approved version, or restore a withdrawn one. */
function WithdrawCard({ s }: { s: Submission }) {
  const v = s.version;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const errors = useFormErrors(['reason', 'versionId']);
  const [withdraw, withdrawing] = useMutation(ModuleVersionWithdrawMutation, { refetchQueries: ['AdminSubmission'] });
  const [restore, restoring] = useMutation(ModuleVersionRestoreMutation, { refetchQueries: ['AdminSubmission'] });
  if (v.status !== 'stable' && v.status !== 'beta' && v.status !== 'withdrawn') return null;
  const doWithdraw = async () => {
    errors.clear();
    try {
      const { data } = await withdraw({ variables: { input: { versionId: v.id, reason } } });
      if (data?.moduleVersionWithdraw.errors.length) return errors.setFromPayload(data.moduleVersionWithdraw.errors);
      notifications.show({
        color: 'red',
        title: 'Version withdrawn',
        message: `${s.module.name} ${v.version} left the catalog; holders are notified.`,
      });
      setOpen(false);
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <Card withBorder padding="lg" aria-labelledby="withdraw-title">
      <Title order={2} fz="md" mb={4} id="withdraw-title">
        Withdrawal
      </Title>
      {v.status === 'withdrawn' ? (
        <Stack gap="sm">
          <Alert color="red" variant="light" title="Withdrawn" data-testid="withdrawn-alert">
            Since <DateText value={v.withdrawnAt} withTime />: {asSentence(v.withdrawnReason)} It is out of the catalog, cannot be
            downloaded or activated.
          </Alert>
          <FormErrorAlert errors={errors.general} />
          <Group>
            <Button
              variant="default"
              loading={restoring.loading}
              onClick={async () => {
                const { data } = await restore({ variables: { input: { versionId: v.id } } });
                if (data?.moduleVersionRestore.errors.length) return errors.setFromPayload(data.moduleVersionRestore.errors);
                notifications.show({
                  color: 'green',
                  title: 'Version restored',
                  message: `${s.module.name} ${v.version} is offered again.`,
                });
              }}
            >
              Restore version
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Withdraw this approved version if it must no longer be installed (for example, malware found later). It leaves the catalog,
            instances are told, and every organization holding it is notified. You can restore it.
          </Text>
          <Group>
            <Button
              color="red"
              variant="light"
              onClick={() => {
                setReason('');
                errors.clear();
                setOpen(true);
              }}
            >
              Withdraw version…
            </Button>
          </Group>
        </Stack>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={`Withdraw ${s.module.name} ${v.version}?`} centered>
        <Stack>
          <Textarea
            label="Reason (shown to the organizations holding it)"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.field('reason')}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button color="red" loading={withdrawing.loading} onClick={doWithdraw}>
              Withdraw
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

function ReviewCard({ s }: { s: Submission }) {
  const review = s.checks.find((c) => c.kind === 'CODE_REVIEW');
  const [verdict, setVerdict] = useState<Verdict>(review?.passed === true ? 'pass' : review?.passed === false ? 'fail' : 'none');
  const [reviewNotes, setReviewNotes] = useState(review?.notes ?? '');
  const [decision, setDecision] = useState<'approve' | 'reject' | null>(null);
  const [notes, setNotes] = useState('');
  const errors = useFormErrors(['notes', 'validationId']);
  const [record, recording] = useMutation(ValidationRecordChecksMutation, { refetchQueries: ['AdminSubmission'] });
  const [approve, approving] = useMutation(ValidationApproveMutation, { refetchQueries: ['AdminSubmission', 'AdminValidationQueue'] });
  const [reject, rejecting] = useMutation(ValidationRejectMutation, { refetchQueries: ['AdminSubmission', 'AdminValidationQueue'] });
  const pending = s.status === 'pending';
  const automatedOk =
    s.automatedChecks.length > 0 && s.automatedChecks.every((c) => c.effective === 'passed' || c.effective === 'overridden');
  const canApprove = verdict === 'pass' && automatedOk;

  const saveChecks = async (): Promise<boolean> => {
    errors.clear();
    try {
      const { data } = await record({
        variables: {
          input: {
            validationId: s.id,
            ...(verdict !== 'none' ? { codeReviewPassed: verdict === 'pass' } : {}),
            codeReviewNotes: reviewNotes,
          },
        },
      });
      if (data?.validationRecordChecks.errors.length) {
        errors.setFromPayload(data.validationRecordChecks.errors);
        return false;
      }
      return true;
    } catch (e) {
      errors.setFromException(e);
      return false;
    }
  };

  const decide = async () => {
    if (!(await saveChecks())) return;
    try {
      if (decision === 'approve') {
        const { data } = await approve({ variables: { input: { validationId: s.id, notes: notes || null } } });
        if (data?.validationApprove.errors.length) return errors.setFromPayload(data.validationApprove.errors);
        notifications.show({
          color: 'green',
          title: 'Approved',
          message: `${s.module.name} ${s.version.version} is live on the ${s.version.channel} channel.`,
        });
      } else {
        const { data } = await reject({ variables: { input: { validationId: s.id, notes } } });
        if (data?.validationReject.errors.length) return errors.setFromPayload(data.validationReject.errors);
        notifications.show({ color: 'gray', title: 'Rejected', message: `${s.vendor.name} has been sent your notes.` });
      }
      setDecision(null);
    } catch (e) {
      errors.setFromException(e);
    }
  };

  const derived = (kind: ValidationCheckKind, label: string, from: string) => {
    const c = s.checks.find((x) => x.kind === kind);
    return (
      <Group key={kind} align="flex-start" wrap="wrap" gap="md" data-testid={`check-${kind}`}>
        <Stack gap={4} w={220}>
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Badge color={c?.passed === true ? 'green.9' : c?.passed === false ? 'red.8' : 'gray.6'} variant="outline">
            {c?.passed === true ? 'Passed' : c?.passed === false ? 'Failed' : 'Not finished'}
          </Badge>
        </Stack>
        <Text size="sm" c="dimmed" style={{ flex: '1 1 280px' }}>
          From the automated {from} check{from.includes('+') ? 's' : ''}. {c?.notes ?? ''}
        </Text>
      </Group>
    );
  };

  return (
    <Card withBorder padding="lg" aria-labelledby="checks-title">
      <Title order={2} fz="md" mb={4} id="checks-title">
        Review
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Approval needs the automated checks passed (or overridden) and your code review passed. The vendor sees your notes.
      </Text>
      {!pending && (
        <Alert
          mb="md"
          color={s.status === 'approved' ? 'green' : 'red'}
          variant="light"
          title={`${s.status === 'approved' ? 'Approved' : 'Rejected'} ${s.reviewerName ? `by ${s.reviewerName}` : ''}`}
        >
          <DateText value={s.reviewedAt} withTime />
          {s.notes ? ` — ${s.notes}` : ''}
        </Alert>
      )}
      <Stack gap="md">
        {derived('SECURITY_SCAN', 'Security scan', 'secrets + dangerous code')}
        <Group align="flex-start" wrap="wrap" gap="md" data-testid="check-CODE_REVIEW">
          <Stack gap={4} miw={220} style={{ flex: '0 0 auto' }}>
            <Text size="sm" fw={600} id="check-CODE_REVIEW-label">
              Code review
            </Text>
            <SegmentedControl
              aria-labelledby="check-CODE_REVIEW-label"
              disabled={!pending}
              value={verdict}
              onChange={(v) => setVerdict(v as Verdict)}
              data={[
                { value: 'none', label: 'Not done' },
                { value: 'pass', label: 'Passed' },
                { value: 'fail', label: 'Failed' },
              ]}
              color={verdict === 'fail' ? 'red' : verdict === 'pass' ? 'green' : undefined}
            />
          </Stack>
          <Textarea
            label="Code review notes"
            value={reviewNotes}
            disabled={!pending}
            onChange={(e) => setReviewNotes(e.currentTarget.value)}
            autosize
            minRows={1}
            maxRows={6}
            style={{ flex: '1 1 280px' }}
          />
        </Group>
        {derived('PERFORMANCE_TEST', 'Performance test', 'budget')}
        <FormErrorAlert errors={errors.general} />
        {pending && (
          <Group>
            <Button
              variant="default"
              loading={recording.loading}
              onClick={async () => {
                if (await saveChecks())
                  notifications.show({ color: 'green', title: 'Review saved', message: 'You can come back to finish the review.' });
              }}
            >
              Save review
            </Button>
            <Button
              color="green.9"
              leftSection={<IconCheck size={16} aria-hidden />}
              disabled={!canApprove}
              onClick={() => {
                setNotes('');
                errors.clear();
                setDecision('approve');
              }}
            >
              Approve
            </Button>
            <Button
              color="red"
              variant="light"
              leftSection={<IconX size={16} aria-hidden />}
              onClick={() => {
                setNotes('');
                errors.clear();
                setDecision('reject');
              }}
            >
              Reject
            </Button>
            {!canApprove && (
              <Text size="xs" c="dimmed">
                Approve is available once every automated check passed (or is overridden) and the code review is marked passed.
              </Text>
            )}
          </Group>
        )}
      </Stack>
      <Modal
        opened={!!decision}
        onClose={() => setDecision(null)}
        title={decision === 'approve' ? `Approve ${s.module.name} ${s.version.version}?` : `Reject ${s.module.name} ${s.version.version}?`}
        centered
      >
        <Stack>
          {decision === 'approve' ? (
            <List size="sm">
              <List.Item>
                The version goes live on the {s.version.channel} channel
                {s.module.status !== 'published' ? ' and the module enters the storefront' : ''}.
              </List.Item>
              <List.Item>The vendor and every organization holding a license are notified.</List.Item>
            </List>
          ) : (
            <Text size="sm">The vendor is notified with your notes and resubmits a new version.</Text>
          )}
          <Textarea
            label={decision === 'approve' ? 'Notes for the vendor (optional)' : 'Why is it rejected? (sent to the vendor)'}
            required={decision === 'reject'}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.field('notes')}
            autosize
            minRows={3}
            data-autofocus
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDecision(null)}>
              Cancel
            </Button>
            <Button
              color={decision === 'approve' ? 'green.9' : 'red.8'}
              loading={approving.loading || rejecting.loading || recording.loading}
              onClick={decide}
            >
              {decision === 'approve' ? 'Approve' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
