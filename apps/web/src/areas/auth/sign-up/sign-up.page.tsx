import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { FormErrorAlert, fieldName, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { safeNextPath } from '../../../shared/session/safe-next';
import { useSession } from '../../../shared/session/session-provider';
import { AuthCard } from '../components/auth-card';
import { SignUpMutation } from './graphql/sign-up.mutation';

const FIELDS = ['name', 'email', 'password'] as const;
const MIN_PASSWORD = 10;

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const errors = useFormErrors(FIELDS);
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const [sentTo, setSentTo] = useState<{ email: string; message: string } | null>(null);
  const [signUp, { loading }] = useMutation(SignUpMutation);

  if (session.status === 'signed-in') return <Navigate to={next} replace />;

  if (sentTo) {
    // The same answer whether or not the address already had an account (nothing is revealed).
    return (
      <AuthCard title="Check your inbox" subtitle={sentTo.message}>
        <Stack gap="md" data-testid="sign-up-sent">
          <Alert color="indigo" variant="light" icon={<IconMailCheck aria-hidden />}>
            We sent an e-mail to{' '}
            <Text span fw={600} style={{ overflowWrap: 'anywhere' }}>
              {sentTo.email}
            </Text>
            . Open its link to verify your address, then sign in. You can browse and set up an organization before verifying, but you need a
            verified address to buy.
          </Alert>
          <Button component={Link} to={next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} fullWidth>
            Go to sign in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  const focusFirst = (list: readonly PayloadError[]) => {
    const name = fieldName(list[0]?.field);
    if (name && name in refs) refs[name as keyof typeof refs].current?.focus();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: PayloadError[] = [];
    if (!values.name.trim()) missing.push({ code: 'REQUIRED', field: 'name', message: 'Enter your name.' });
    if (!values.email.trim()) missing.push({ code: 'REQUIRED', field: 'email', message: 'Enter your e-mail address.' });
    if (values.password.length < MIN_PASSWORD)
      missing.push({ code: 'WEAK_PASSWORD', field: 'password', message: `Use at least ${MIN_PASSWORD} characters.` });
    if (missing.length) {
      errors.setFromPayload(missing);
      focusFirst(missing);
      return;
    }
    errors.clear();
    try {
      const { data } = await signUp({
        variables: { input: { name: values.name.trim(), email: values.email.trim(), password: values.password } },
      });
      const payload = data?.signUp;
      if (!payload) return;
      if (payload.errors.length || !payload.ok) {
        errors.setFromPayload(payload.errors);
        focusFirst(payload.errors);
        return;
      }
      setSentTo({ email: values.email.trim(), message: payload.message ?? 'Check your inbox.' });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  const set = (key: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [key]: value }));
    errors.clearField(key);
  };

  return (
    <AuthCard
      title="Create your account"
      subtitle="Buy modules for your organization, or publish your own."
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to={next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'} fw={600}>
            Sign in
          </Anchor>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate aria-label="Create account">
        <Stack gap="md">
          <FormErrorAlert errors={errors.general} />
          <TextInput
            ref={refs.name}
            label="Full name"
            name="name"
            autoComplete="name"
            required
            value={values.name}
            onChange={set('name')}
            error={errors.field('name')}
          />
          <TextInput
            ref={refs.email}
            label="E-mail"
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            required
            value={values.email}
            onChange={set('email')}
            error={errors.field('email')}
          />
          <PasswordInput
            ref={refs.password}
            label="Password"
            description={`At least ${MIN_PASSWORD} characters.`}
            name="password"
            autoComplete="new-password"
            required
            value={values.password}
            onChange={set('password')}
            error={errors.field('password')}
            // Mantine marks only the wrapper of a PasswordInput; screen readers need it on the input.
            aria-invalid={errors.field('password') ? true : undefined}
          />
          <Button type="submit" loading={loading} fullWidth size="md" mt="xs">
            Create account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
