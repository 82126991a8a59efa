import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  List,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconBan, IconCircleCheck, IconInfoCircle, IconLock, IconPuzzle } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageError } from '../../../shared/components/page-states';
import { PermissionList } from '../../../shared/components/permission-list';
import { formatDate } from '../../../shared/format/date.format';
import { ActivationCandidatesQuery } from './graphql/activation-candidates.query';
import { ActivationPlanQuery } from './graphql/activation-plan.query';
import { InstanceActivateModuleMutation } from './graphql/instance-activate-module.mutation';
import { CoreLabel } from './instance-badges';

const FIELDS = ['licenseId', 'moduleVersionId', 'reportedHash', 'consentedPermissions'] as const;

const stateLabel = { SATISFIED: 'active', MISSING: 'not active', VERSION_TOO_LOW: 'version too low' } as const;

/**
 * "Activate module", driven by the activation planner: pick a module, see at once which version
 * fits the core, which license will be used, what is missing and what blocks — before anything
 * is attempted. The instance would report the artifact hash itself; here it is prefilled.
 */
export function ActivateModuleModal({
  instanceId,
  instanceName,
  canConsent,
  opened,
  onClose,
}: {
  instanceId: number;
  instanceName: string;
  /** The viewer is an org admin: only they consent to the permissions a version asks for. */
  canConsent: boolean;
  opened: boolean;
  onClose: () => void;
}) {
  const candidates = useQuery(ActivationCandidatesQuery, { variables: { instanceId }, skip: !opened });
  const [moduleId, setModuleId] = useState<string | null>(null);
  const plan = useQuery(ActivationPlanQuery, {
    variables: { instanceId, moduleId: Number(moduleId) },
    skip: !opened || !moduleId,
    fetchPolicy: 'network-only',
  });
  const [versionId, setVersionId] = useState<string | null>(null);
  const [licenseId, setLicenseId] = useState<string | null>(null);
  const [hash, setHash] = useState('');
  const [consented, setConsented] = useState(false);
  const errors = useFormErrors(FIELDS);
  const [activate, { loading }] = useMutation(InstanceActivateModuleMutation, {
    refetchQueries: ['InstanceDetail', 'InstanceActivationLog', 'AvailableUpdates', 'ActivationCandidates'],
  });

  const p = plan.data?.instanceActivationPlan;
  // When a plan arrives, preselect what the planner recommends.
  useEffect(() => {
    if (!p) return;
    const v = p.recommendedVersion ?? null;
    setVersionId(v ? String(v.id) : null);
    setHash(v?.hash ?? '');
    setLicenseId(p.recommendedLicense ? String(p.recommendedLicense.id) : p.licenses[0] ? String(p.licenses[0].id) : null);
    errors.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p?.module.id, p?.recommendedVersion?.id, p?.recommendedLicense?.id]);

  const moduleOptions = useMemo(() => {
    const list = candidates.data?.instanceActivationCandidates ?? [];
    const item = (c: (typeof list)[number]) => ({
      value: String(c.module.id),
      label: `${c.module.name}${c.activeOnInstance ? ' (active)' : ''}`,
      disabled: false,
    });
    return [
      { group: 'Licensed by your organization', items: list.filter((c) => c.licensed).map(item) },
      { group: 'Other modules', items: list.filter((c) => !c.licensed).map(item) },
    ].filter((g) => g.items.length);
  }, [candidates.data]);

  const close = () => {
    setModuleId(null);
    setVersionId(null);
    setLicenseId(null);
    setHash('');
    setConsented(false);
    errors.clear();
    onClose();
  };

  const chosenVersion = p?.versions.find((v) => String(v.version.id) === versionId);
  const asked = chosenVersion?.version.permissions ?? [];
  const consentMissing = asked.length > 0 && (!canConsent || !consented);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!p || !versionId || !licenseId) return;
    try {
      const { data } = await activate({
        variables: {
          input: {
            instanceId,
            licenseId: Number(licenseId),
            moduleVersionId: Number(versionId),
            reportedHash: hash,
            ...(asked.length && consented ? { consentedPermissions: asked.map((x) => x.code) } : {}),
          },
        },
      });
      const r = data?.instanceActivateModule;
      if (r?.errors.length) return errors.setFromPayload(r.errors);
      notifications.show({
        color: 'green',
        title: 'Module activated',
        message: `${p.module.name} ${r?.instanceModule?.version.version ?? ''} is active on ${instanceName}.`,
      });
      close();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Activate a module" size="lg" centered>
      <form onSubmit={submit} aria-label="Activate a module" noValidate>
        <Stack gap="md">
          <Select
            label="Module"
            placeholder={candidates.loading ? 'Loading modules…' : 'Choose a module'}
            searchable
            data={moduleOptions}
            value={moduleId}
            onChange={setModuleId}
            nothingFoundMessage="No module"
            error={candidates.error ? 'The modules could not be loaded.' : undefined}
            data-autofocus
          />

          {moduleId && plan.loading && !p && (
            <Group gap="xs" role="status">
              <Loader size="sm" /> <Text size="sm">Checking compatibility, licenses and dependencies…</Text>
            </Group>
          )}
          {moduleId && plan.error && !p && (
            <PageError title="The plan could not be computed" error={plan.error} onRetry={() => void plan.refetch()} />
          )}

          {p && String(p.module.id) === moduleId && (
            <Stack gap="md" data-testid="activation-plan">
              <Group gap="xs">
                <Text size="sm">This instance runs</Text>
                <CoreLabel core={p.core} />
              </Group>

              {p.blockers.length > 0 ? (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconBan aria-hidden />}
                  title="This module cannot be activated yet"
                  role="alert"
                  data-testid="activation-blockers"
                >
                  <List size="sm" spacing={4}>
                    {p.blockers.map((b) => (
                      <List.Item key={b.code} data-code={b.code}>
                        {b.message}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              ) : (
                <Alert
                  color="green"
                  variant="light"
                  icon={<IconCircleCheck aria-hidden />}
                  title="Compatible — ready to activate"
                  data-testid="activation-ready"
                >
                  {p.recommendedVersion
                    ? `${p.module.name} ${p.recommendedVersion.version} runs on ${p.core.name} ${p.core.version}.`
                    : null}
                </Alert>
              )}

              {p.requiredDependencies.length > 0 && (
                <Stack gap={6}>
                  <Title order={3} fz="sm">
                    Required modules
                  </Title>
                  {p.requiredDependencies.map((d) => (
                    <Group key={d.module.id} gap="xs" wrap="wrap" data-testid="required-dependency">
                      <ThemeIcon size="sm" variant="light" color={d.state === 'SATISFIED' ? 'green' : 'red'} aria-hidden>
                        <IconPuzzle size={14} />
                      </ThemeIcon>
                      <Text size="sm">
                        {d.module.name} ≥ {d.minVersion}:{' '}
                        <strong>{d.builtIn && d.state === 'SATISFIED' ? 'built in' : stateLabel[d.state]}</strong>
                        {d.activeVersion ? ` (${d.activeVersion})` : ''}
                        {d.state !== 'SATISFIED' &&
                          (d.fittingVersions.length
                            ? ` — fits this core: ${d.fittingVersions.map((v) => v.version).join(', ')}`
                            : ' — no version fits this core')}
                      </Text>
                      {d.state !== 'SATISFIED' && (
                        <Badge size="sm" variant="outline" color={d.orgHasActiveLicense ? 'green.9' : 'orange.9'} tt="none">
                          {d.orgHasActiveLicense ? 'licensed' : 'no license'}
                        </Badge>
                      )}
                    </Group>
                  ))}
                </Stack>
              )}

              {p.hints.length > 0 && (
                <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
                  <List size="sm" spacing={4}>
                    {p.hints.map((h) => (
                      <List.Item key={h.code + h.message}>{h.message}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}

              {p.versions.length > 0 && p.licenses.length > 0 && (
                <>
                  <Select
                    label="Version"
                    allowDeselect={false}
                    data={p.versions.map((v) => ({
                      value: String(v.version.id),
                      label: `${v.version.version}${v.version.status === 'beta' ? ' (beta)' : ''}${v.recommended ? ' — recommended' : ''}${v.compatible ? '' : ` — needs core ${v.compatibility}`}`,
                      disabled: !v.compatible,
                    }))}
                    value={versionId}
                    onChange={(v) => {
                      setVersionId(v);
                      setHash(p.versions.find((x) => String(x.version.id) === v)?.version.hash ?? '');
                      setConsented(false);
                      errors.clearField('moduleVersionId');
                      errors.clearField('consentedPermissions');
                    }}
                    error={errors.field('moduleVersionId')}
                  />
                  <Select
                    label="License"
                    allowDeselect={false}
                    data={p.licenses.map((l) => ({
                      value: String(l.id),
                      label: `${l.licenseKey} · ${l.planName ?? 'no plan'} · ${l.activeInstances}${l.maxInstances !== null ? `/${l.maxInstances}` : ''} instances${l.usable ? '' : l.status === 'active' ? ` · expired ${formatDate(l.expiresAt)}` : ` · ${l.status}`}`,
                    }))}
                    value={licenseId}
                    onChange={(v) => {
                      setLicenseId(v);
                      errors.clearField('licenseId');
                    }}
                    error={errors.field('licenseId')}
                  />
                  <TextInput
                    label="Artifact hash reported by the instance"
                    description={
                      <>
                        A real instance computes this hash of the files it installed and reports it; activation refuses a mismatch. It is
                        prefilled here with the published hash
                        {chosenVersion?.version.hash ? (
                          <>
                            {' '}
                            (<Code fz="xs">{chosenVersion.version.hash.slice(0, 12)}…</Code>)
                          </>
                        ) : (
                          ''
                        )}
                        .
                      </>
                    }
                    value={hash}
                    onChange={(e) => {
                      setHash(e.currentTarget.value);
                      errors.clearField('reportedHash');
                    }}
                    error={errors.field('reportedHash')}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  />
                  {chosenVersion && (
                    <Stack gap="xs" data-testid="activation-permissions">
                      <Title order={3} fz="sm">
                        Permissions
                      </Title>
                      {asked.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {p.module.name} {chosenVersion.version.version} asks for no permissions.
                        </Text>
                      ) : (
                        <>
                          <Text size="sm">
                            {p.module.name} {chosenVersion.version.version} asks for{' '}
                            {asked.length === 1 ? 'this permission' : 'these permissions'} on {instanceName}:
                          </Text>
                          <PermissionList permissions={asked} />
                          {canConsent ? (
                            <Checkbox
                              label={`I consent, for my organization, to ${p.module.name} ${chosenVersion.version.version} using ${asked.length === 1 ? 'this permission' : 'these permissions'} on ${instanceName}.`}
                              checked={consented}
                              onChange={(e) => {
                                setConsented(e.currentTarget.checked);
                                errors.clearField('consentedPermissions');
                              }}
                              error={errors.field('consentedPermissions')}
                            />
                          ) : (
                            <Alert color="orange" variant="light" icon={<IconLock aria-hidden />} data-testid="consent-admin-only">
                              Only an admin of your organization can consent to these permissions: ask one to activate {p.module.name}.
                            </Alert>
                          )}
                        </>
                      )}
                    </Stack>
                  )}
                </>
              )}
              <FormErrorAlert errors={errors.general} />
              {!p.canActivate && (
                <Group gap={6}>
                  <IconAlertTriangle size={16} aria-hidden />
                  <Text size="sm" c="dimmed">
                    Resolve the blockers above to activate.
                  </Text>
                </Group>
              )}
            </Stack>
          )}

          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={loading}
              disabled={!p || !p.canActivate || !versionId || !licenseId || String(p.module.id) !== moduleId || consentMissing}
            >
              Activate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
