import { ActionIcon, Button, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { DependencyType, UpdateType } from '../../../gql/graphql';

export interface CompatRow {
  softwareId: string;
  minCoreVersion: string;
  maxCoreVersion: string;
}
export interface DependencyRow {
  moduleSlug: string;
  minVersion: string;
  isRequired: boolean;
  dependencyType: DependencyType;
}
export interface IntegrationRow {
  moduleSlug: string;
  integrationType: string;
  description: string;
  isBidirectional: boolean;
}
export interface FlowValues {
  updateType: UpdateType;
  isBreaking: boolean;
  requiresDowntime: boolean;
  estimatedDurationMinutes: number | null;
}

type FieldError = (field: string) => string | undefined;

function AddButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <Button
      variant="subtle"
      size="xs"
      leftSection={<IconPlus size={14} aria-hidden />}
      onClick={onClick}
      style={{ alignSelf: 'flex-start' }}
    >
      {label}
    </Button>
  );
}

/** Core compatibility: per software, an inclusive min and an optional max (semver). */
export function CompatibilityEditor({
  rows,
  onChange,
  softwares,
  error,
}: {
  rows: CompatRow[];
  onChange: (r: CompatRow[]) => void;
  softwares: { id: number; name: string; cores: { version: string }[] }[];
  error: FieldError;
}) {
  const set = (i: number, patch: Partial<CompatRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={6} data-testid="compat-editor">
      {error('compatibility') && (
        <Text c="red.8" size="sm">
          {error('compatibility')}
        </Text>
      )}
      {rows.map((r, i) => {
        const sw = softwares.find((s) => String(s.id) === r.softwareId);
        const known = sw ? sw.cores.map((c) => c.version).join(', ') : '';
        return (
          <Group key={i} gap="xs" align="flex-start" wrap="wrap">
            <Select
              aria-label={`Range ${i + 1} software`}
              data={softwares.map((s) => ({ value: String(s.id), label: s.name }))}
              value={r.softwareId}
              allowDeselect={false}
              onChange={(v) => set(i, { softwareId: v ?? '' })}
              error={error(`compatibility[${i}].softwareId`)}
              w={170}
            />
            <TextInput
              aria-label={`Range ${i + 1} minimum core version`}
              placeholder="min, e.g. 2.0.0"
              value={r.minCoreVersion}
              onChange={(e) => set(i, { minCoreVersion: e.currentTarget.value })}
              error={error(`compatibility[${i}].minCoreVersion`)}
              w={150}
            />
            <TextInput
              aria-label={`Range ${i + 1} maximum core version`}
              placeholder="max (empty: any)"
              value={r.maxCoreVersion}
              onChange={(e) => set(i, { maxCoreVersion: e.currentTarget.value })}
              error={error(`compatibility[${i}].maxCoreVersion`)}
              w={150}
            />
            <ActionIcon
              variant="subtle"
              color="red.8"
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
              aria-label={`Remove range ${i + 1}`}
              mt={4}
            >
              <IconTrash size={16} />
            </ActionIcon>
            {known && (
              <Text size="xs" c="dimmed" w="100%">
                Known {sw!.name} cores: {known}
              </Text>
            )}
          </Group>
        );
      })}
      <AddButton
        label="Add a range"
        onClick={() =>
          onChange([...rows, { softwareId: softwares[0] ? String(softwares[0].id) : '', minCoreVersion: '', maxCoreVersion: '' }])
        }
      />
    </Stack>
  );
}

/** Dependencies on other (published) modules, by slug: min version, required or optional, type. */
export function DependencyEditor({
  rows,
  onChange,
  error,
}: {
  rows: DependencyRow[];
  onChange: (r: DependencyRow[]) => void;
  error: FieldError;
}) {
  const set = (i: number, patch: Partial<DependencyRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={6} data-testid="dependency-editor">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No dependencies.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            aria-label={`Dependency ${i + 1} module slug`}
            placeholder="module slug, e.g. crm-pro"
            value={r.moduleSlug}
            onChange={(e) => set(i, { moduleSlug: e.currentTarget.value })}
            error={error(`dependencies[${i}].moduleSlug`)}
            w={200}
          />
          <TextInput
            aria-label={`Dependency ${i + 1} minimum version`}
            placeholder="min version"
            value={r.minVersion}
            onChange={(e) => set(i, { minVersion: e.currentTarget.value })}
            error={error(`dependencies[${i}].minVersion`)}
            w={130}
          />
          <Select
            aria-label={`Dependency ${i + 1} type`}
            data={[
              { value: 'functional', label: 'Functional' },
              { value: 'integration', label: 'Integration' },
            ]}
            value={r.dependencyType}
            allowDeselect={false}
            onChange={(v) => set(i, { dependencyType: v as DependencyType })}
            w={140}
          />
          <Checkbox label="Required" checked={r.isRequired} onChange={(e) => set(i, { isRequired: e.currentTarget.checked })} mt={8} />
          <ActionIcon
            variant="subtle"
            color="red.8"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={`Remove dependency ${i + 1}`}
            mt={4}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <AddButton
        label="Add a dependency"
        onClick={() => onChange([...rows, { moduleSlug: '', minVersion: '', isRequired: true, dependencyType: 'functional' }])}
      />
    </Stack>
  );
}

/** Integrations with other modules (informational). */
export function IntegrationEditor({
  rows,
  onChange,
  error,
}: {
  rows: IntegrationRow[];
  onChange: (r: IntegrationRow[]) => void;
  error: FieldError;
}) {
  const set = (i: number, patch: Partial<IntegrationRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={6} data-testid="integration-editor">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No integrations.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="wrap">
          <TextInput
            aria-label={`Integration ${i + 1} module slug`}
            placeholder="module slug"
            value={r.moduleSlug}
            onChange={(e) => set(i, { moduleSlug: e.currentTarget.value })}
            error={error(`integrations[${i}].moduleSlug`)}
            w={180}
          />
          <TextInput
            aria-label={`Integration ${i + 1} type`}
            placeholder="data_sync"
            value={r.integrationType}
            onChange={(e) => set(i, { integrationType: e.currentTarget.value })}
            error={error(`integrations[${i}].integrationType`)}
            w={140}
          />
          <TextInput
            aria-label={`Integration ${i + 1} description`}
            placeholder="What it does"
            value={r.description}
            onChange={(e) => set(i, { description: e.currentTarget.value })}
            w={220}
          />
          <Checkbox
            label="Both ways"
            checked={r.isBidirectional}
            onChange={(e) => set(i, { isBidirectional: e.currentTarget.checked })}
            mt={8}
          />
          <ActionIcon
            variant="subtle"
            color="red.8"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={`Remove integration ${i + 1}`}
            mt={4}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <AddButton
        label="Add an integration"
        onClick={() => onChange([...rows, { moduleSlug: '', integrationType: '', description: '', isBidirectional: false }])}
      />
    </Stack>
  );
}

export function UpdateFlowEditor({ value, onChange }: { value: FlowValues; onChange: (v: FlowValues) => void }) {
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <Select
        label="Update type"
        data={[
          { value: 'major', label: 'Major' },
          { value: 'minor', label: 'Minor' },
          { value: 'patch', label: 'Patch' },
        ]}
        value={value.updateType}
        allowDeselect={false}
        onChange={(v) => onChange({ ...value, updateType: v as UpdateType })}
        w={140}
      />
      <NumberInput
        label="Estimated minutes"
        min={0}
        max={10080}
        allowDecimal={false}
        value={value.estimatedDurationMinutes ?? ''}
        onChange={(v) => onChange({ ...value, estimatedDurationMinutes: v === '' ? null : Number(v) })}
        w={160}
      />
      <Checkbox
        label="Breaking"
        checked={value.isBreaking}
        onChange={(e) => onChange({ ...value, isBreaking: e.currentTarget.checked })}
        mb={8}
      />
      <Checkbox
        label="Requires downtime"
        checked={value.requiresDowntime}
        onChange={(e) => onChange({ ...value, requiresDowntime: e.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}
