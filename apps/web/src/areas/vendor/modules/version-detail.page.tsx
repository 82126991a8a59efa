import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Checkbox,
  Code,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconSend, IconTrash } from '@tabler/icons-react';
import type { VendorModuleVersionQuery } from '../../../gql/graphql';
import { PageHeader } from '../../../shared/components/page-header';
import { QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { NotFoundPage } from '../../../shared/pages/not-found.page';
import { hasErrorCode } from '../../../shared/errors/describe-error';
import { VendorModuleVersionQuery as VersionDocument } from './graphql/vendor-module-version.query';
import { CompatSoftwaresQuery } from './graphql/compat-softwares.query';
import { ModuleVersionUpdateMutation } from './graphql/module-version-update.mutation';
import { ModuleVersionSubmitMutation } from './graphql/module-version-submit.mutation';
import { ModuleVersionDiscardMutation } from './graphql/module-version-discard.mutation';
import { ModuleVersionDeprecateMutation } from './graphql/module-version-deprecate.mutation';
import { Markdown } from '../../../shared/components/markdown';
import { MarkdownEditor } from '../components/markdown';
import { CheckResults, ReviewBadge, StageBadge } from '../components/status-badges';
import {
  CompatibilityEditor,
  DependencyEditor,
  IntegrationEditor,
  UpdateFlowEditor,
  type CompatRow,
  type DependencyRow,
  type FlowValues,
  type IntegrationRow,
} from './declaration-editors';
import { formatBytes } from './upload-artifact';
import { AutomatedChecks, checksRunning } from '../../../shared/checks/automated-checks';
import { ModuleVersionCheckMutation } from './graphql/module-version-check.mutation';
import { VersionFindingJustifyMutation } from './graphql/version-finding-justify.mutation';

type Version = NonNullable<VendorModuleVersionQuery['vendorModuleVersion']>;

export function VersionDetailPage() {
  const versionId = Number(useParams().versionId);
  const query = useQuery(VersionDocument, {
    variables: { id: versionId },
    skip: !Number.isSafeInteger(versionId),
    fetchPolicy: 'cache-and-network',
  });
  // The checks run as jobs after upload: follow them until they finish.
  const running = checksRunning(query.data?.vendorModuleVersion.automatedChecks ?? []);
  const { startPolling, stopPolling } = query;
  useEffect(() => {
    if (!running) return;
    startPolling(1500);
    return () => stopPolling();
  }, [running, startPolling, stopPolling]);
  if (!Number.isSafeInteger(versionId) || hasErrorCode(query.error, 'NOT_FOUND')) return <NotFoundPage />;
  return (
    <QueryStates query={query}>
      {(d) => {
        const v = d.vendorModuleVersion;
        return (
          <>
            <Breadcrumbs mb="sm" aria-label="Breadcrumb">
              <Anchor component={Link} to="/vendor" size="sm">
                Vendor portal
              </Anchor>
              <Anchor component={Link} to={`/vendor/modules/${v.module.id}`} size="sm">
                {v.module.name}
              </Anchor>
              <span aria-current="page">{v.version}</span>
            </Breadcrumbs>
            <PageHeader
              title={`${v.module.name} ${v.version}`}
              description={
                <Group gap="xs" component="span">
                  <StageBadge stage={v.stage} channel={v.channel} deprecated={!!v.deprecatedAt} />
                  <span>
                    Uploaded <DateText value={v.createdAt} withTime />
                    {v.submittedByName ? ` by ${v.submittedByName}` : ''}
                  </span>
                </Group>
              }
            />
            <Stack gap="lg">
              <ReviewHistory v={v} />
              {v.withdrawnAt && (
                <Alert color="red" variant="light" title="Withdrawn by the platform" data-testid="withdrawn-alert">
                  <DateText value={v.withdrawnAt} withTime />: {v.withdrawnReason}
                </Alert>
              )}
              <VendorChecksCard v={v} />
              {v.stage === 'DRAFT' ? <DraftEditor key={v.id} v={v} /> : <ReadOnlyDetails v={v} />}
              {v.stage === 'APPROVED' && !v.deprecatedAt && <DeprecateCard v={v} />}
            </Stack>
          </>
        );
      }}
    </QueryStates>
  );
}

function ReviewHistory({ v }: { v: Version }) {
  if (!v.submissions.length) return null;
  return (
    <Card withBorder padding="lg" aria-labelledby="review-title">
      <Title order={2} fz="md" mb="sm" id="review-title">
        Review
      </Title>
      <Stack gap="md">
        {v.submissions.map((s) => (
          <Stack key={s.id} gap="xs" data-testid="review-entry">
            <Group gap="xs" wrap="wrap">
              <ReviewBadge status={s.status} />
              <Text size="sm" c="dimmed">
                Submitted <DateText value={s.submittedAt} withTime />
                {s.reviewedAt && (
                  <>
                    {' '}
                    · reviewed <DateText value={s.reviewedAt} withTime />
                    {s.reviewerName ? ` by ${s.reviewerName}` : ''}
                  </>
                )}
              </Text>
            </Group>
            {s.status === 'rejected' && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Rejected: reviewer’s notes">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="rejection-notes">
                  {s.notes}
                </Text>
                <Text size="sm" mt="xs">
                  Fix these points and{' '}
                  <Anchor component={Link} to={`/vendor/modules/${v.module.id}/versions/new`}>
                    upload a new version
                  </Anchor>
                  .
                </Text>
              </Alert>
            )}
            {s.status === 'approved' && s.notes && (
              <Text size="sm">
                <strong>Reviewer’s notes:</strong> {s.notes}
              </Text>
            )}
            {s.status === 'pending' ? (
              <Text size="sm">Waiting for the platform team. You will be notified of the decision.</Text>
            ) : (
              <CheckResults checks={s.checks} />
            )}
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

function Facts({ v }: { v: Version }) {
  return (
    <Table variant="vertical" withRowBorders={false} aria-label="Artifact">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={170}>SHA-256</Table.Th>
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
          <Table.Th>Channel</Table.Th>
          <Table.Td>{v.channel}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Compatible with previous</Table.Th>
          <Table.Td>{v.isCompatibleWithPrevious ? 'Yes' : 'No (breaking)'}</Table.Td>
        </Table.Tr>
        {v.releaseDate && (
          <Table.Tr>
            <Table.Th>Released</Table.Th>
            <Table.Td>
              <DateText value={v.releaseDate} withTime />
            </Table.Td>
          </Table.Tr>
        )}
        {v.deprecatedAt && (
          <Table.Tr>
            <Table.Th>Deprecated</Table.Th>
            <Table.Td>
              <DateText value={v.deprecatedAt} />
              {v.replacedBy ? ` — replaced by ${v.replacedBy.version}` : ''}
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

function ReadOnlyDetails({ v }: { v: Version }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder padding="lg">
        <Title order={2} fz="md" mb="sm">
          Changelog
        </Title>
        <Markdown source={v.changelog} headingOffset={2} size="sm" emptyText="Nothing written yet." />
        <Divider my="md" />
        <Facts v={v} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} fz="md" mb="sm">
          Declarations
        </Title>
        <Text size="sm" fw={600}>
          Core compatibility
        </Text>
        {v.compatibility.map((c) => (
          <Text size="sm" key={c.id}>
            {c.software.name} {c.minCoreVersion} – {c.maxCoreVersion ?? 'any'}{' '}
            {c.isVerified && (
              <Badge size="xs" color="green.9" variant="outline">
                verified
              </Badge>
            )}
            <Text span size="xs" c="dimmed">
              {' '}
              (matches {c.matchingCoreVersions.join(', ') || 'no known core'})
            </Text>
          </Text>
        ))}
        <Text size="sm" fw={600} mt="sm">
          Dependencies
        </Text>
        {v.dependencies.length ? (
          v.dependencies.map((dep) => (
            <Text size="sm" key={dep.id}>
              {dep.module.name} ≥ {dep.minVersion} · {dep.isRequired ? 'required' : 'optional'} · {dep.dependencyType}
            </Text>
          ))
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
        <Text size="sm" fw={600} mt="sm">
          Integrations
        </Text>
        {v.integrations.length ? (
          v.integrations.map((x) => (
            <Text size="sm" key={x.id}>
              {x.module.name} · {x.integrationType}
              {x.description ? ` — ${x.description}` : ''}
            </Text>
          ))
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
        <Text size="sm" fw={600} mt="sm">
          Update from the previous version
        </Text>
        {v.updateFlow ? (
          <Text size="sm">
            From {v.updateFlow.fromVersion.version} ({v.updateFlow.updateType}){v.updateFlow.isBreaking ? ', breaking' : ''}
            {v.updateFlow.requiresDowntime ? ', downtime' : ''}
            {v.updateFlow.estimatedDurationMinutes !== null ? `, ~${v.updateFlow.estimatedDurationMinutes} min` : ''}
            {v.updateFlow.migrationScriptPath ? ` · migration ${v.updateFlow.migrationScriptPath}` : ''}
            {v.updateFlow.rollbackScriptPath ? ` · rollback ${v.updateFlow.rollbackScriptPath}` : ''}
            {v.updateFlow.approvedAt ? ' · approved' : ''}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            None (no earlier approved version)
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}

const FIELDS = ['changelog', 'channel', 'isCompatibleWithPrevious', 'compatibility', 'updateFlow', 'version'];

function DraftEditor({ v }: { v: Version }) {
  const navigate = useNavigate();
  const softwares = useQuery(CompatSoftwaresQuery);
  const [changelog, setChangelog] = useState(v.changelog ?? '');
  const [channel, setChannel] = useState(v.channel);
  const [compatible, setCompatible] = useState(v.isCompatibleWithPrevious);
  const [compat, setCompat] = useState<CompatRow[]>(
    v.compatibility.map((c) => ({
      softwareId: String(c.software.id),
      minCoreVersion: c.minCoreVersion,
      maxCoreVersion: c.maxCoreVersion ?? '',
    })),
  );
  const [deps, setDeps] = useState<DependencyRow[]>(
    v.dependencies.map((x) => ({
      moduleSlug: x.module.slug,
      minVersion: x.minVersion,
      isRequired: x.isRequired,
      dependencyType: x.dependencyType,
    })),
  );
  const [integrations, setIntegrations] = useState<IntegrationRow[]>(
    v.integrations.map((x) => ({
      moduleSlug: x.module.slug,
      integrationType: x.integrationType,
      description: x.description ?? '',
      isBidirectional: x.isBidirectional,
    })),
  );
  const [flow, setFlow] = useState<FlowValues | null>(
    v.updateFlow
      ? {
          updateType: v.updateFlow.updateType,
          isBreaking: v.updateFlow.isBreaking,
          requiresDowntime: v.updateFlow.requiresDowntime,
          estimatedDurationMinutes: v.updateFlow.estimatedDurationMinutes ?? null,
        }
      : null,
  );
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const errors = useFormErrors(FIELDS);
  const fieldError = (f: string) => errors.all.find((e) => e.field === f)?.message;
  const [save, saving] = useMutation(ModuleVersionUpdateMutation, { refetchQueries: ['VendorModuleVersion'] });
  const [submit, submitting] = useMutation(ModuleVersionSubmitMutation, {
    refetchQueries: ['VendorModuleVersion', 'VendorModule', 'VendorOverview'],
  });
  const [discard, discarding] = useMutation(ModuleVersionDiscardMutation, { refetchQueries: ['VendorModule', 'VendorOverview'] });

  const persist = async (): Promise<boolean> => {
    errors.clear();
    try {
      const { data } = await save({
        variables: {
          input: {
            versionId: v.id,
            changelog,
            channel,
            isCompatibleWithPrevious: compatible,
            compatibility: compat.map((c) => ({
              softwareId: Number(c.softwareId),
              minCoreVersion: c.minCoreVersion.trim(),
              maxCoreVersion: c.maxCoreVersion.trim() || null,
            })),
            dependencies: deps.map((x) => ({ ...x, moduleSlug: x.moduleSlug.trim(), minVersion: x.minVersion.trim() })),
            integrations: integrations.map((x) => ({ ...x, description: x.description || null })),
            ...(flow ? { updateFlow: flow } : {}),
          },
        },
      });
      if (data?.moduleVersionUpdate.errors.length) {
        errors.setFromPayload(data.moduleVersionUpdate.errors);
        return false;
      }
      return true;
    } catch (e) {
      errors.setFromException(e);
      return false;
    }
  };

  const onSave = async (e: React.FormEvent) => {
    e.preventDefault();
    if (await persist()) notifications.show({ color: 'green', title: 'Draft saved', message: `${v.module.name} ${v.version}` });
  };

  const onSubmit = async () => {
    if (!(await persist())) return;
    const { data } = await submit({ variables: { versionId: v.id } });
    if (data?.moduleVersionSubmit.errors.length) return errors.setFromPayload(data.moduleVersionSubmit.errors);
    notifications.show({ color: 'green', title: 'Submitted for review', message: 'The platform team has been notified.' });
  };

  const onDiscard = async () => {
    const { data } = await discard({ variables: { versionId: v.id } });
    if (data?.moduleVersionDiscard.errors.length) return errors.setFromPayload(data.moduleVersionDiscard.errors);
    notifications.show({ color: 'gray', title: 'Draft discarded', message: `${v.module.name} ${v.version} and its file were deleted.` });
    navigate(`/vendor/modules/${v.module.id}`);
  };

  const general = errors.all.filter((e) => !e.field || !/^(changelog|compatibility|dependencies|integrations)/.test(e.field));

  return (
    <form onSubmit={onSave} aria-label="Draft version">
      <Stack gap="lg">
        <Alert color="blue" variant="light" title="Draft: not submitted yet">
          Check the details the manifest declared, complete the changelog, then submit the version for review. Nothing is visible to buyers
          before approval.
        </Alert>
        <Card withBorder padding="lg">
          <Title order={2} fz="md" mb="sm">
            Release
          </Title>
          <Stack gap="sm">
            <MarkdownEditor label="Changelog" value={changelog} onChange={setChangelog} error={fieldError('changelog')} />
            <Group gap="lg" wrap="wrap">
              <Stack gap={4}>
                <Text size="sm" fw={500} id="draft-channel">
                  Channel
                </Text>
                <SegmentedControl
                  aria-labelledby="draft-channel"
                  value={channel}
                  onChange={(x) => setChannel(x as typeof channel)}
                  data={[
                    { value: 'stable', label: 'Stable' },
                    { value: 'beta', label: 'Beta' },
                  ]}
                />
              </Stack>
              <Checkbox
                label="Compatible with the previous version"
                checked={compatible}
                onChange={(e) => setCompatible(e.currentTarget.checked)}
                mt={24}
              />
            </Group>
            <Facts v={v} />
          </Stack>
        </Card>
        <Card withBorder padding="lg">
          <Title order={2} fz="md" mb={4}>
            Core compatibility
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Inclusive ranges; each must contain at least one known core version.
          </Text>
          <CompatibilityEditor rows={compat} onChange={setCompat} softwares={softwares.data?.softwares ?? []} error={fieldError} />
        </Card>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Card withBorder padding="lg">
            <Title order={2} fz="md" mb={4}>
              Dependencies
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Published modules only; cycles are refused.
            </Text>
            <DependencyEditor rows={deps} onChange={setDeps} error={fieldError} />
          </Card>
          <Card withBorder padding="lg">
            <Title order={2} fz="md" mb={4}>
              Integrations
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Informational: shown on the module page.
            </Text>
            <IntegrationEditor rows={integrations} onChange={setIntegrations} error={fieldError} />
          </Card>
        </SimpleGrid>
        {v.updateFlow && flow && (
          <Card withBorder padding="lg">
            <Title order={2} fz="md" mb={4}>
              Update from {v.updateFlow.fromVersion.version}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Scripts from the manifest: migration <Code>{v.updateFlow.migrationScriptPath ?? 'none'}</Code>, rollback{' '}
              <Code>{v.updateFlow.rollbackScriptPath ?? 'none'}</Code>.
            </Text>
            <UpdateFlowEditor value={flow} onChange={setFlow} />
          </Card>
        )}
        <FormErrorAlert errors={general} />
        {v.submitBlockers.length > 0 && (
          <Alert color="orange" variant="light" title="Not ready to submit" data-testid="submit-blockers">
            {v.submitBlockers.map((b) => (
              <Text size="sm" key={b.message}>
                {b.message}
              </Text>
            ))}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" loading={saving.loading}>
            Save draft
          </Button>
          <Button
            leftSection={<IconSend size={16} aria-hidden />}
            onClick={onSubmit}
            loading={submitting.loading || saving.loading}
            disabled={v.submitBlockers.length > 0}
          >
            Submit for review
          </Button>
          <Button variant="subtle" color="red.8" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setConfirmDiscard(true)}>
            Discard draft
          </Button>
        </Group>
      </Stack>
      <Modal opened={confirmDiscard} onClose={() => setConfirmDiscard(false)} title="Discard this draft?" centered>
        <Stack>
          <Text size="sm">The version row and its uploaded file are deleted. The version number becomes free again.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmDiscard(false)}>
              Keep it
            </Button>
            <Button color="red.8" loading={discarding.loading} onClick={onDiscard}>
              Discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}

function DeprecateCard({ v }: { v: Version }) {
  const [replacement, setReplacement] = useState<string | null>(null);
  const [deprecate, { loading }] = useMutation(ModuleVersionDeprecateMutation, { refetchQueries: ['VendorModuleVersion', 'VendorModule'] });
  const errors = useFormErrors(['replacedByVersionId', 'versionId']);
  const candidates = v.module.versions.filter((x) => x.stage === 'APPROVED' && !x.deprecatedAt && x.id !== v.id);
  return (
    <Card withBorder padding="lg">
      <Title order={2} fz="md" mb={4}>
        Deprecate
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Buyers see it as deprecated and are pointed to the replacement. It stays installable for those who run it.
      </Text>
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Replaced by (optional)"
          placeholder="No replacement"
          data={candidates.map((x) => ({ value: String(x.id), label: x.version }))}
          value={replacement}
          onChange={setReplacement}
          clearable
          error={errors.field('replacedByVersionId')}
          w={220}
        />
        <Button
          color="orange"
          variant="light"
          loading={loading}
          onClick={async () => {
            errors.clear();
            const { data } = await deprecate({
              variables: { input: { versionId: v.id, replacedByVersionId: replacement ? Number(replacement) : null } },
            });
            if (data?.moduleVersionDeprecate.errors.length) return errors.setFromPayload(data.moduleVersionDeprecate.errors);
            notifications.show({ color: 'gray', title: 'Version deprecated', message: `${v.module.name} ${v.version}` });
          }}
        >
          Deprecate {v.version}
        </Button>
      </Group>
      <FormErrorAlert errors={errors.general} />
    </Card>
  );
}

/** The automated checks of this version: "Check my version", justifications, and a fixed archive for a draft. */
function VendorChecksCard({ v }: { v: Version }) {
  const draft = v.stage === 'DRAFT';
  const [target, setTarget] = useState<number | null>(null);
  const [text, setText] = useState('');
  const errors = useFormErrors(['justification', 'findingId', 'versionId']);
  const [recheck, rechecking] = useMutation(ModuleVersionCheckMutation, { refetchQueries: ['VendorModuleVersion'] });
  const [justify, justifying] = useMutation(VersionFindingJustifyMutation, { refetchQueries: ['VendorModuleVersion'] });
  const running = checksRunning(v.automatedChecks);
  const save = async () => {
    if (!target) return;
    errors.clear();
    try {
      const { data } = await justify({ variables: { input: { findingId: target, justification: text } } });
      if (data?.versionFindingJustify.errors.length) return errors.setFromPayload(data.versionFindingJustify.errors);
      setTarget(null);
    } catch (e) {
      errors.setFromException(e);
    }
  };
  return (
    <>
      <AutomatedChecks
        checks={v.automatedChecks}
        intro={
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              Every upload is checked: archive and manifest, secrets, dangerous code, core compatibility, dependencies and budget. A
              blocking finding must be fixed (upload a fixed archive) or justified before you submit.
            </Text>
            {draft && (
              <Group gap="sm">
                <Button
                  size="xs"
                  variant="default"
                  loading={rechecking.loading || running}
                  onClick={async () => {
                    const { data } = await recheck({ variables: { input: { versionId: v.id } } });
                    if (data?.moduleVersionCheck.errors.length) errors.setFromPayload(data.moduleVersionCheck.errors);
                  }}
                >
                  Check my version
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  component={Link}
                  to={`/vendor/modules/${v.module.id}/versions/new?replace=${encodeURIComponent(v.version)}`}
                >
                  Upload a fixed archive
                </Button>
                {running && (
                  <Text size="xs" c="dimmed" role="status">
                    Checks are running…
                  </Text>
                )}
              </Group>
            )}
          </Stack>
        }
        findingActions={(_c, f) =>
          draft && f.severity === 'blocking' && !f.justification ? (
            <Group>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => {
                  setText('');
                  errors.clear();
                  setTarget(f.id);
                }}
              >
                Justify…
              </Button>
            </Group>
          ) : null
        }
      />
      <Modal opened={target !== null} onClose={() => setTarget(null)} title="Justify this finding" centered>
        <Stack>
          <Text size="sm">The reviewer sees your justification next to the finding.</Text>
          <Textarea
            label="Justification"
            required
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={errors.field('justification')}
            autosize
            minRows={2}
            data-autofocus
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTarget(null)}>
              Cancel
            </Button>
            <Button loading={justifying.loading} onClick={save}>
              Save justification
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
