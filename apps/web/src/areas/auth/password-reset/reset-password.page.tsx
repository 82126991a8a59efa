import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { notifications } from '@mantine/notifications';
import { AuthCard } from '../components/auth-card';
import { PasswordResetMutation } from './graphql/password-reset.mutation';

const FIELDS = ['password'] as const;
const MIN_PASSWORD = 10;

/** `/reset-password?token=…`: the link of a reset e-mail. A new password signs the account out everywhere. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const client = useApolloClient();
  const [password, setPassword] = useState('');
  const [linkError, setLinkError] = useState<string | null>(token ? null : 'This link is not valid. Ask for a new one.');
  const errors = useFormErrors(FIELDS);
  const [reset, { loading }] = useMutation(PasswordResetMutation);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) {
      errors.setFromPayload([{ code: 'WEAK_PASSWORD', field: 'password', message: `Use at least ${MIN_PASSWORD} characters.` }]);
      return;
    }
    errors.clear();
    try {
      const { data } = await reset({ variables: { input: { token, password } } });
      const p = data?.passwordReset;
      if (!p) return;
      const tokenError = p.errors.find((x) => x.field === 'token');
      if (tokenError) {
        setLinkError(tokenError.message);
        return;
      }
      if (!p.ok) {
        errors.setFromPayload(p.errors);
        return;
      }
      // Every session ended, this browser's too: forget what the cache knew about the user.
      await client.resetStore().catch(() => undefined);
      notifications.show({ message: p.message ?? 'Your password was changed. Sign in with the new one.', color: 'green' });
      await navigate('/sign-in', { replace: true });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <AuthCard
      title="Choose a new password"
      subtitle="This signs you out on every device."
      footer={
        <Anchor component={Link} to="/sign-in" fw={600}>
          Back to sign in
        </Anchor>
      }
    >
      {linkError ? (
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="This link cannot be used" role="alert">
            {linkError}
          </Alert>
          <Button component={Link} to="/forgot-password" fullWidth>
            Ask for a new link
          </Button>
        </Stack>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Choose a new password">
          <Stack gap="md">
            <FormErrorAlert errors={errors.general} />
            <PasswordInput
              label="New password"
              description={`At least ${MIN_PASSWORD} characters.`}
              name="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => {
                setPassword(e.currentTarget.value);
                errors.clearField('password');
              }}
              error={errors.field('password')}
              aria-invalid={errors.field('password') ? true : undefined}
            />
            <Button type="submit" loading={loading} fullWidth size="md">
              Save the new password
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
