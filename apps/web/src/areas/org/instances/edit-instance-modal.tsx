import { useEffect, useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import type { Environment } from '../../../gql/graphql';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { InstanceUpdateMutation } from './graphql/instance-update.mutation';
import { environmentLabel } from './instance-badges';

const FIELDS = ['name', 'environment', 'domain'] as const;

/** Rename an instance, change its environment or domain (the core changes on the core upgrade page). */
export function EditInstanceModal({
  instance,
  opened,
  onClose,
}: {
  instance: { id: number; name: string; environment: Environment; domain: string | null };
  opened: boolean;
  onClose: () => void;
}) {
  const [update, { loading }] = useMutation(InstanceUpdateMutation, { refetchQueries: ['InstanceDetail'] });
  const errors = useFormErrors(FIELDS);
  const [name, setName] = useState(instance.name);
  const [environment, setEnvironment] = useState<Environment>(instance.environment);
  const [domain, setDomain] = useState(instance.domain ?? '');

  useEffect(() => {
    if (!opened) return;
    setName(instance.name);
    setEnvironment(instance.environment);
    setDomain(instance.domain ?? '');
    errors.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await update({ variables: { input: { id: instance.id, name, environment, domain } } });
      const r = data?.instanceUpdate;
      if (r?.errors.length) return errors.setFromPayload(r.errors);
      onClose();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Edit instance" centered>
      <form onSubmit={submit} aria-label="Edit instance" noValidate>
        <Stack>
          <TextInput
            label="Name"
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
            allowDeselect={false}
            data={(Object.keys(environmentLabel) as Environment[]).map((v) => ({ value: v, label: environmentLabel[v] }))}
            value={environment}
            onChange={(v) => v && setEnvironment(v as Environment)}
            error={errors.field('environment')}
          />
          <TextInput
            label="Domain"
            description="Host name only; leave empty for none."
            value={domain}
            onChange={(e) => {
              setDomain(e.currentTarget.value);
              errors.clearField('domain');
            }}
            error={errors.field('domain')}
          />
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
