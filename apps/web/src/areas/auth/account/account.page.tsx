import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Group, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconMail, IconMailCheck } from '@tabler/icons-react';
import { PageHeader } from '../../../shared/components/page-header';
import { PageLoading } from '../../../shared/components/page-states';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useSession, type CurrentUser } from '../../../shared/session/session-provider';
import { ResendVerificationButton } from '../../../shared/components/resend-verification-button';
import { EmailChangeMutation } from './graphql/email-change.mutation';
import { PasswordChangeMutation } from './graphql/password-change.mutation';
import { ActiveSessionsCard, RecentSignInsCard } from './session-security';

const MIN_PASSWORD = 10;

/** `/account`: the signed-in person's profile — e-mail (verification, change), password, sessions and sign-ins. */
export function AccountPage() {
  const session = useSession();
  if (session.status !== 'signed-in') return <PageLoading label="Loading your profile…" />;
  const me = session.me;
  return (
    <>
      <PageHeader title="Your profile" description={`${me.name} · ${me.email}`} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <EmailCard me={me} />
        <PasswordCard />
      </SimpleGrid>
      <Stack gap="lg" mt="lg">
        <ActiveSessionsCard />
        <RecentSignInsCard />
      </Stack>
    </>
  );
}

function EmailCard({ me }: { me: CurrentUser }) {
  const errors = useFormErrors(['newEmail', 'password']);
  const [values, setValues] = useState({ newEmail: '', password: '' });
  const [sent, setSent] = useState<string | null>(null);
  const [change, { loading }] = useMutation(EmailChangeMutation, { refetchQueries: [CurrentUserQuery] });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!values.newEmail.trim()) local.push({ code: 'REQUIRED', field: 'newEmail', message: 'Enter the new e-mail address.' });
    if (!values.password) local.push({ code: 'REQUIRED', field: 'password', message: 'Enter your current password.' });
    if (local.length) return errors.setFromPayload(local);
    errors.clear();
    try {
      const { data } = await change({ variables: { input: { newEmail: values.newEmail.trim(), password: values.password } } });
      const p = data?.emailChange;
      if (!p) return;
      if (!p.ok) return errors.setFromPayload(p.errors);
      setSent(p.message);
      setValues({ newEmail: '', password: '' });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="email-title">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} fz="lg" id="email-title">
            E-mail address
          </Title>
          {me.emailVerified ? (
            <Badge color="green.8" variant="outline" leftSection={<IconMailCheck size={14} aria-hidden />}>
              Verified
            </Badge>
          ) : (
            <Badge color="orange.9" variant="outline" leftSection={<IconMail size={14} aria-hidden />}>
              Not verified
            </Badge>
          )}
        </Group>
        <Text fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="account-email">
          {me.email}
        </Text>
        {!me.emailVerified && (
          <Alert color="orange" variant="light" title="Verify your address to buy">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">Open the link we e-mailed you. No e-mail? Send a new link (at most one a minute).</Text>
              <ResendVerificationButton />
            </Stack>
          </Alert>
        )}
        {me.pendingEmail && (
          <Alert color="indigo" variant="light" role="status" data-testid="pending-email">
            Waiting for you to open the link sent to <strong>{me.pendingEmail}</strong>. Your address changes then.
          </Alert>
        )}
        {sent && !me.pendingEmail && (
          <Alert color="indigo" variant="light" role="status">
            {sent}
          </Alert>
        )}
        <form onSubmit={onSubmit} noValidate aria-label="Change e-mail">
          <Stack gap="sm">
            <Title order={3} fz="md">
              Change your e-mail
            </Title>
            <FormErrorAlert errors={errors.general} />
            <TextInput
              label="New e-mail address"
              type="email"
              autoComplete="email"
              value={values.newEmail}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((s) => ({ ...s, newEmail: v }));
                errors.clearField('newEmail');
              }}
              error={errors.field('newEmail')}
            />
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              value={values.password}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((s) => ({ ...s, password: v }));
                errors.clearField('password');
              }}
              error={errors.field('password')}
              aria-invalid={errors.field('password') ? true : undefined}
            />
            <Button type="submit" loading={loading} style={{ alignSelf: 'flex-start' }}>
              Send a confirmation link
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

function PasswordCard() {
  const errors = useFormErrors(['currentPassword', 'newPassword']);
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [changePassword, { loading }] = useMutation(PasswordChangeMutation);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local = [];
    if (!values.currentPassword) local.push({ code: 'REQUIRED', field: 'currentPassword', message: 'Enter your current password.' });
    if (values.newPassword.length < MIN_PASSWORD)
      local.push({ code: 'WEAK_PASSWORD', field: 'newPassword', message: `Use at least ${MIN_PASSWORD} characters.` });
    if (local.length) return errors.setFromPayload(local);
    errors.clear();
    try {
      const { data } = await changePassword({ variables: { input: values } });
      const p = data?.passwordChange;
      if (!p) return;
      if (!p.ok) return errors.setFromPayload(p.errors);
      setValues({ currentPassword: '', newPassword: '' });
      notifications.show({ message: p.message ?? 'Your password was changed.', color: 'green' });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="password-title">
      <form onSubmit={onSubmit} noValidate aria-label="Change password">
        <Stack gap="sm">
          <Title order={2} fz="lg" id="password-title">
            Password
          </Title>
          <Text size="sm" c="dimmed">
            Changing it signs you out on your other devices.
          </Text>
          <FormErrorAlert errors={errors.general} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setValues((s) => ({ ...s, currentPassword: v }));
              errors.clearField('currentPassword');
            }}
            error={errors.field('currentPassword')}
            aria-invalid={errors.field('currentPassword') ? true : undefined}
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_PASSWORD} characters.`}
            autoComplete="new-password"
            value={values.newPassword}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setValues((s) => ({ ...s, newPassword: v }));
              errors.clearField('newPassword');
            }}
            error={errors.field('newPassword')}
            aria-invalid={errors.field('newPassword') ? true : undefined}
          />
          <Button type="submit" loading={loading} style={{ alignSelf: 'flex-start' }}>
            Change password
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
