import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors, type PayloadError } from '../../../shared/components/form-errors';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { safeNextPath } from '../../../shared/session/safe-next';
import { useSession } from '../../../shared/session/session-provider';
import { AuthCard } from '../components/auth-card';
import { SignInMutation } from './graphql/sign-in.mutation';

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const session = useSession();
  const navigate = useNavigate();
  const errors = useFormErrors(FIELDS);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [throttled, setThrottled] = useState<PayloadError | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const succeeded = useRef(false);
  const [signIn, { loading }] = useMutation(SignInMutation, {
    // The whole app reads the session from this query: refresh it before leaving the page.
    refetchQueries: [CurrentUserQuery],
    awaitRefetchQueries: true,
  });

  if (session.status === 'signed-in' && !succeeded.current) return <Navigate to={next} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setThrottled(null);
    const missing: PayloadError[] = [];
    if (!email.trim()) missing.push({ code: 'REQUIRED', field: 'email', message: 'Enter your e-mail address.' });
    if (!password) missing.push({ code: 'REQUIRED', field: 'password', message: 'Enter your password.' });
    if (missing.length) {
      errors.setFromPayload(missing);
      (missing[0]!.field === 'email' ? emailRef : passwordRef).current?.focus();
      return;
    }
    errors.clear();
    try {
      const { data } = await signIn({ variables: { input: { email: email.trim(), password } } });
      const payload = data?.signIn;
      if (!payload) return;
      if (payload.errors.length || !payload.user) {
        const tooMany = payload.errors.find((x) => x.code === 'TOO_MANY_ATTEMPTS');
        if (tooMany) {
          setThrottled(tooMany);
          errors.setFromPayload(payload.errors.filter((x) => x !== tooMany));
          return;
        }
        errors.setFromPayload(payload.errors);
        const first = payload.errors[0]?.field;
        if (first === 'email') emailRef.current?.focus();
        else if (first === 'password') passwordRef.current?.select();
        return;
      }
      succeeded.current = true;
      notifications.show({ message: `Signed in as ${payload.user.name}.`, color: 'green' });
      await navigate(next, { replace: true });
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to Webkernel Marketplace."
      footer={
        <>
          New here?{' '}
          <Anchor component={Link} to={next !== '/' ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'} fw={600}>
            Create an account
          </Anchor>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate aria-label="Sign in">
        <Stack gap="md">
          {throttled && (
            <Alert
              color="red.9"
              variant="filled"
              title="Too many sign-in attempts"
              icon={<IconLock aria-hidden />}
              role="alert"
              data-testid="too-many-attempts"
            >
              {throttled.message}
            </Alert>
          )}
          <FormErrorAlert errors={errors.general} />
          <TextInput
            ref={emailRef}
            label="E-mail"
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              errors.clearField('email');
            }}
            error={errors.field('email')}
          />
          <PasswordInput
            ref={passwordRef}
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              errors.clearField('password');
            }}
            error={errors.field('password')}
            // Mantine marks only the wrapper of a PasswordInput; screen readers need it on the input.
            aria-invalid={errors.field('password') ? true : undefined}
          />
          <Anchor component={Link} to="/forgot-password" size="sm" mt={-8} style={{ alignSelf: 'flex-end' }}>
            Forgot your password?
          </Anchor>
          <Button type="submit" loading={loading} fullWidth size="md" mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
