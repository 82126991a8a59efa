import { useEffect, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button, Checkbox, Group, Modal, Radio, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { permissionLabel } from '../../../shared/session/labels';
import type { OrgRole, Permission } from '../../../gql/graphql';
import { MembershipUpdateMutation } from './graphql/membership-update.mutation';
import { GRANTABLE, hasCustomPermissions, ROLE_OPTIONS } from './roles';

export interface EditableMember {
  id: number;
  name: string;
  role: OrgRole;
  permissions: Permission[];
  isYou: boolean;
}

const FIELDS = ['role', 'permissions'] as const;

/** Change a member's role, optionally with an explicit permission list instead of the role defaults. */
export function ChangeRoleDialog({
  member,
  onClose,
  onSaved,
  canGrantAdmin,
}: {
  member: EditableMember | null;
  onClose: () => void;
  onSaved: () => void;
  canGrantAdmin: boolean;
}) {
  const [role, setRole] = useState<OrgRole>('viewer');
  const [custom, setCustom] = useState(false);
  const [perms, setPerms] = useState<Permission[]>([]);
  const errors = useFormErrors(FIELDS);
  const [update, { loading }] = useMutation(MembershipUpdateMutation);

  useEffect(() => {
    if (!member) return;
    setRole(member.role);
    const explicit = member.permissions.filter((p) => p !== 'all');
    setCustom(hasCustomPermissions(member.role, explicit));
    setPerms(explicit);
    errors.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [member]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!member) return;
    errors.clear();
    const permissions = role === 'admin' || !custom ? [] : perms;
    try {
      const { data } = await update({ variables: { input: { membershipId: member.id, role, permissions } } });
      const payload = data?.membershipUpdate;
      if (!payload) return;
      if (payload.errors.length) return errors.setFromPayload(payload.errors);
      onSaved();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal opened={!!member} onClose={onClose} title={member ? `Role of ${member.name}${member.isYou ? ' (you)' : ''}` : ''} size="lg">
      <form onSubmit={onSubmit} noValidate aria-label="Change role">
        <Stack gap="md">
          <FormErrorAlert errors={errors.general} />
          <Radio.Group label="Role" value={role} onChange={(v) => setRole(v as OrgRole)} error={errors.field('role')}>
            <Stack gap="xs" mt="xs">
              {ROLE_OPTIONS.map((r) => (
                <Radio
                  key={r.value}
                  value={r.value}
                  label={r.label}
                  description={r.description}
                  disabled={r.value === 'admin' && !canGrantAdmin && member?.role !== 'admin'}
                />
              ))}
            </Stack>
          </Radio.Group>
          {role !== 'admin' && (
            <Stack gap="xs">
              <Switch
                label="Choose permissions instead of the role defaults"
                checked={custom}
                onChange={(e) => setCustom(e.currentTarget.checked)}
              />
              {custom && (
                <Checkbox.Group
                  label="Permissions"
                  value={perms}
                  onChange={(v) => setPerms(v as Permission[])}
                  error={errors.field('permissions')}
                >
                  <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" spacing="xs">
                    {GRANTABLE.map((p) => (
                      <Checkbox key={p} value={p} label={permissionLabel[p]} />
                    ))}
                  </SimpleGrid>
                </Checkbox.Group>
              )}
            </Stack>
          )}
          {member?.isYou && member.role === 'admin' && role !== 'admin' && (
            <Text size="sm" c="orange.9">
              You are changing your own role: you will lose admin rights here.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Save role
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
