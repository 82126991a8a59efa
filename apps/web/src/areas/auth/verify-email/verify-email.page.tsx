import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { CurrentUserQuery } from '../../../shared/graphql/current-user.query';
import { useSession } from '../../../shared/session/session-provider';
import { describeError } from '../../../shared/errors/describe-error';
import { AuthCard } from '../components/auth-card';
import { EmailVerifyMutation } from './graphql/email-verify.mutation';

type State = { kind: 'working' } | { kind: 'done'; email: string } | { kind: 'refused'; message: string };

/** `/verify-email?token=…`: the link of a verification e-mail. It works once. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const session = useSession();
  const [verify] = useMutation(EmailVerifyMutation, { refetchQueries: [CurrentUserQuery] });
  const [state, setState] = useState<State>(
    token ? { kind: 'working' } : { kind: 'refused', message: 'This link is not valid. Ask for a new one.' },
  );
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return; // StrictMode runs effects twice: the link must be used once
    sent.current = true;
    verify({ variables: { token } })
      .then(({ data }) => {
        const p = data?.emailVerify;
        if (p?.ok && p.email) setState({ kind: 'done', email: p.email });
        else setState({ kind: 'refused', message: p?.errors[0]?.message ?? 'This link is not valid. Ask for a new one.' });
      })
      .catch((e: unknown) => setState({ kind: 'refused', message: describeError(e) }));
  }, [token, verify]);

  const signedIn = session.status === 'signed-in';
  return (
    <AuthCard title="E-mail verification">
      {state.kind === 'working' && (
        <Stack align="center" py="lg" role="status" aria-live="polite">
          <Loader aria-hidden />
          <Text>Verifying your e-mail address…</Text>
        </Stack>
      )}
      {state.kind === 'done' && (
        <Stack gap="md" data-testid="email-verified">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title="Your e-mail address is verified" role="status">
            <Text span style={{ overflowWrap: 'anywhere' }}>
              {state.email}
            </Text>{' '}
            is confirmed. You can now buy modules for your organizations.
          </Alert>
          <Button component={Link} to={signedIn ? '/' : '/sign-in'} fullWidth>
            {signedIn ? 'Go to the storefront' : 'Sign in'}
          </Button>
        </Stack>
      )}
      {state.kind === 'refused' && (
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="We could not verify this link" role="alert">
            {state.message}
          </Alert>
          <Button component={Link} to={signedIn ? '/account' : '/sign-in?next=%2Faccount'} variant="default" fullWidth>
            {signedIn ? 'Send a new link from your profile' : 'Sign in to send a new link'}
          </Button>
        </Stack>
      )}
    </AuthCard>
  );
}
