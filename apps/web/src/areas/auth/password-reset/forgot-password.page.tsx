import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { AuthCard } from '../components/auth-card';
import { PasswordResetRequestMutation } from './graphql/password-reset-request.mutation';

const FIELDS = ['email'] as const;

/** `/forgot-password`: asks for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const errors = useFormErrors(FIELDS);
  const [request, { loading }] = useMutation(PasswordResetRequestMutation);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim()) {
      errors.setFromPayload([{ code: 'REQUIRED', field: 'email', message: 'Enter your e-mail address.' }]);
      return;
    }
    errors.clear();
    try {
      const { data } = await request({ variables: { input: { email: email.trim() } } });
      const p = data?.passwordResetRequest;
      if (!p) return;
      if (!p.ok) errors.setFromPayload(p.errors);
      else setDone(p.message ?? 'Check your inbox.');
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <AuthCard
      title="Reset your password"
      subtitle="We will e-mail you a link to choose a new password."
      footer={
        <Anchor component={Link} to="/sign-in" fw={600}>
          Back to sign in
        </Anchor>
      }
    >
      {done ? (
        <Alert
          color="indigo"
          variant="light"
          icon={<IconMailCheck aria-hidden />}
          title="Check your inbox"
          role="status"
          data-testid="reset-requested"
        >
          {done}
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Reset your password">
          <Stack gap="md">
            <FormErrorAlert errors={errors.general} />
            <TextInput
              label="E-mail"
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              required
              value={email}
              onChange={(e) => {
                setEmail(e.currentTarget.value);
                errors.clearField('email');
              }}
              error={errors.field('email')}
            />
            <Button type="submit" loading={loading} fullWidth size="md">
              Send the link
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
