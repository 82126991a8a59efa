import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Environment } from '../../../gql/graphql';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { InstanceCoreChoicesQuery } from './graphql/software-cores.query';
import { InstanceCreateMutation } from './graphql/instance-create.mutation';
import { environmentLabel, validationLabel } from './instance-badges';

const FIELDS = ['name', 'environment', 'domain', 'coreId'] as const;

/** "New instance": name, environment, domain and the core it runs (pending cores allowed). */
export function CreateInstanceModal({
  orgId,
  opened,
  onClose,
  onCreated,
}: {
  orgId: number;
  opened: boolean;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const cores = useQuery(InstanceCoreChoicesQuery, { skip: !opened });
  const [create, { loading }] = useMutation(InstanceCreateMutation, { refetchQueries: ['OrgInstances'] });
  const errors = useFormErrors(FIELDS);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('development');
  const [domain, setDomain] = useState('');
  const [coreId, setCoreId] = useState<string | null>(null);

  const coreOptions = useMemo(
    () =>
      (cores.data?.softwares ?? []).map((s) => ({
        group: s.name,
        items: s.cores.map((c) => ({ value: String(c.id), label: `${c.name} ${c.version} — ${validationLabel[c.validationStatus]}` })),
      })),
    [cores.data],
  );

  const reset = () => {
    setName('');
    setEnvironment('development');
    setDomain('');
    setCoreId(null);
    errors.clear();
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!coreId) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'coreId', message: 'Choose the core version this instance runs.' }]);
      return;
    }
    try {
      const { data } = await create({
        variables: { input: { orgId, name, environment, domain: domain.trim() || null, coreId: Number(coreId) } },
      });
      const payload = data?.instanceCreate;
      if (payload?.errors.length) return errors.setFromPayload(payload.errors);
      if (payload?.instance) {
        reset();
        onCreated(payload.instance.id);
      }
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={() => {
        reset();
        onClose();
      }}
      title="New instance"
      centered
    >
      <form onSubmit={submit} aria-label="New instance" noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            description="How your team calls this install, e.g. “Acme QA”."
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              errors.clearField('name');
            }}
            error={errors.field('name')}
            data-autofocus
          />
          <Select
            label="Environment"
            required
            allowDeselect={false}
            data={(Object.keys(environmentLabel) as Environment[]).map((v) => ({ value: v, label: environmentLabel[v] }))}
            value={environment}
            onChange={(v) => v && setEnvironment(v as Environment)}
            error={errors.field('environment')}
          />
          <TextInput
            label="Domain"
            description="Host name only, e.g. qa.acme.com (optional)."
            value={domain}
            onChange={(e) => {
              setDomain(e.currentTarget.value);
              errors.clearField('domain');
            }}
            error={errors.field('domain')}
          />
          <Select
            label="Core version"
            description="Pending cores are allowed; rejected ones are not offered."
            required
            searchable
            placeholder={cores.loading ? 'Loading core versions…' : 'Choose a core version'}
            data={coreOptions}
            value={coreId}
            onChange={(v) => {
              setCoreId(v);
              errors.clearField('coreId');
            }}
            error={errors.field('coreId') ?? (cores.error ? 'The core versions could not be loaded.' : undefined)}
            nothingFoundMessage="No core version"
          />
          <FormErrorAlert errors={errors.general} />
          <Text size="xs" c="dimmed">
            After creating it, activate modules and create API credentials for the instance.
          </Text>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                reset();
                onClose();
              }}
            >
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Create instance
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
