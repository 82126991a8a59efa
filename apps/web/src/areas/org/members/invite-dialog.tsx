import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import type { OrgRole } from '../../../gql/graphql';
import { TeamInviteCreateMutation } from './graphql/team-invite-create.mutation';
import { InviteLink } from './invite-link';
import { ROLE_OPTIONS } from './roles';

const FIELDS = ['email', 'role', 'permissions'] as const;

/** Invite by e-mail with a role; on success shows the link once. */
export function InviteDialog({
  orgId,
  orgName,
  opened,
  onClose,
  onInvited,
  canGrantAdmin,
}: {
  orgId: number;
  orgName: string;
  opened: boolean;
  onClose: () => void;
  onInvited: () => void;
  canGrantAdmin: boolean;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrgRole>('viewer');
  const [result, setResult] = useState<{ url: string; email: string } | null>(null);
  const errors = useFormErrors(FIELDS);
  const emailRef = useRef<HTMLInputElement>(null);
  const [create, { loading }] = useMutation(TeamInviteCreateMutation);

  const close = () => {
    setEmail('');
    setRole('viewer');
    setResult(null);
    errors.clear();
    onClose();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim()) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'email', message: 'Enter the e-mail address of the person to invite.' }]);
      emailRef.current?.focus();
      return;
    }
    errors.clear();
    try {
      const { data } = await create({ variables: { input: { orgId, email: email.trim(), role } } });
      const payload = data?.teamInviteCreate;
      if (!payload) return;
      if (payload.errors.length || !payload.inviteUrl || !payload.invite) {
        errors.setFromPayload(payload.errors);
        if (payload.errors.some((x) => x.field === 'email')) emailRef.current?.focus();
        return;
      }
      setResult({ url: payload.inviteUrl, email: payload.invite.email });
      onInvited();
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={result ? 'Invitation sent' : `Invite someone to ${orgName}`} size="lg">
      {result ? (
        <Stack>
          <InviteLink url={result.url} email={result.email} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Invite a member">
          <Stack gap="md">
            <FormErrorAlert errors={errors.general} />
            <TextInput
              ref={emailRef}
              label="E-mail address"
              type="email"
              inputMode="email"
              autoComplete="off"
              required
              data-autofocus
              value={email}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                errors.clearField('email');
              }}
              error={errors.field('email')}
            />
            <Radio.Group
              label="Role"
              value={role}
              onChange={(v) => setRole(v as OrgRole)}
              error={errors.field('role') ?? errors.field('permissions')}
            >
              <Stack gap="xs" mt="xs">
                {ROLE_OPTIONS.filter((r) => canGrantAdmin || r.value !== 'admin').map((r) => (
                  <Radio key={r.value} value={r.value} label={r.label} description={r.description} />
                ))}
              </Stack>
            </Radio.Group>
            <Text size="sm" c="dimmed">
              They join when they open the link and sign in with this e-mail address. The link expires in 7 days.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Send invitation
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
