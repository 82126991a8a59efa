import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button, Text } from '@mantine/core';
import { EmailVerificationResendMutation } from '../graphql/email-verification-resend.mutation';
import { describeError } from '../errors/describe-error';

/** "Resend" of the verification link; the server allows one a minute and five an hour and says so. */
export function ResendVerificationButton({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const [resend, { loading }] = useMutation(EmailVerificationResendMutation);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const onClick = async () => {
    try {
      const { data } = await resend();
      const p = data?.emailVerificationResend;
      if (!p) return;
      setAnswer(
        p.ok ? { ok: true, text: p.message ?? 'We sent a new link.' } : { ok: false, text: p.errors[0]?.message ?? 'Try again later.' },
      );
    } catch (e) {
      setAnswer({ ok: false, text: describeError(e) });
    }
  };
  return (
    <>
      <Button size={size} variant="default" loading={loading} onClick={() => void onClick()}>
        Resend the link
      </Button>
      {answer && (
        <Text size="sm" c={answer.ok ? 'green.9' : 'red.8'} role={answer.ok ? 'status' : 'alert'}>
          {answer.text}
        </Text>
      )}
    </>
  );
}
