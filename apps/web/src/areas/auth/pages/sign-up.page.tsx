import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormErrorAlert, fieldName, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { safeNextPath } from '../../../shared/session/safe-next';
import { useSession } from '../../../shared/session/session-provider';
import { AuthCard } from '../components/auth-card';
import { SignUpMutation } from '../graphql/sign-up.mutation';

const FIELDS = ['name', 'email', 'password'] as const;
const MIN_PASSWORD = 10;

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const navigate = useNavigate();
  const errors = useFormErrors(FIELDS);
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };
  const succeeded = useRef(false);
  const [signUp, { loading }] = useMutation(SignUpMutation, { refetchQueries: [CurrentUserQuery], awaitRefetchQueries: true });

  if (session.status === 'signed-in' && !succeeded.current) return <Navigate to={next} replace />;

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
      if (payload.errors.length || !payload.user) {
        errors.setFromPayload(payload.errors);
        focusFirst(payload.errors);
        return;
      }
      succeeded.current = true;
      notifications.show({ message: `Welcome, ${payload.user.name}! Your account is ready.`, color: 'green' });
      await navigate(next, { replace: true });
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
