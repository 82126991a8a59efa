import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Badge, Button, Checkbox, Code, Group, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, payloadErrorsFromException, type PayloadError } from '../../../shared/components/form-errors';
import type { LicenseFileIssueMutation as IssueResult } from '../../../gql/graphql';
import { LicenseFileIssueMutation } from './graphql/license-file-issue.mutation';
import { LicenseSectionCard } from './license-section-card';

type Issued = NonNullable<IssueResult['licenseFileIssue']['licenseFile']>;

/** Saves text as a file in the browser (the license file is JSON the API returned). */
function saveFile(fileName: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The signed offline license file (wk-license/v1) for instances that cannot reach the marketplace:
 * issued on demand (audited), saved by the browser, and described with what the file itself says.
 */
export function LicenseFileCard({ licenseId, usable, canManage }: { licenseId: number; usable: boolean; canManage: boolean }) {
  const [encrypt, setEncrypt] = useState(false);
  const [errors, setErrors] = useState<PayloadError[]>([]);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [issue, { loading }] = useMutation(LicenseFileIssueMutation);

  const download = async () => {
    setErrors([]);
    try {
      const { data } = await issue({ variables: { input: { licenseId, encrypt } } });
      const r = data?.licenseFileIssue;
      if (!r) return;
      if (r.errors.length) return setErrors(r.errors);
      if (r.licenseFile) {
        saveFile(r.licenseFile.fileName, r.licenseFile.content);
        setIssued(r.licenseFile);
      }
    } catch (e) {
      setErrors(payloadErrorsFromException(e));
    }
  };

  return (
    <LicenseSectionCard id="license-file" title="Offline license file" titleMb="xs" mb="lg">
      <Text size="sm" c="dimmed" mb="sm">
        A file signed by the marketplace for instances that cannot reach it. It lists the entitlements and limits of this license and is
        valid until the earlier of the license's end and the file's time to live. Instances check it with <Code>wk-verify</Code> and the
        public key set at <Code>/.well-known/webkernel-keys.json</Code>.
      </Text>
      {!canManage ? (
        <Text size="sm">Members who manage licenses can download it.</Text>
      ) : !usable ? (
        <Text size="sm">Only an active, unexpired license gets a license file.</Text>
      ) : (
        <Stack gap="sm">
          <Group gap="md" wrap="wrap">
            <Button leftSection={<IconDownload size={16} aria-hidden />} onClick={download} loading={loading}>
              Download license file
            </Button>
            <Checkbox
              label="Encrypt with a key derived from the license key"
              checked={encrypt}
              onChange={(e) => setEncrypt(e.currentTarget.checked)}
            />
          </Group>
          <FormErrorAlert errors={errors} />
          {issued && (
            <Stack gap={6} data-testid="license-file-result" aria-live="polite">
              <Text size="sm">
                Downloaded <Code>{issued.fileName}</Code>
                {issued.encrypted ? ' (encrypted)' : ''}
              </Text>
              <Group justify="space-between" wrap="nowrap" gap="md">
                <Text size="sm" c="dimmed">
                  Valid until
                </Text>
                <Text size="sm" fw={500} data-testid="license-file-valid-until">
                  <DateText value={issued.validUntil} withTime />
                </Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="md">
                <Text size="sm" c="dimmed">
                  Issued
                </Text>
                <Text size="sm" fw={500}>
                  <DateText value={issued.issuedAt} withTime />
                </Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="md">
                <Text size="sm" c="dimmed">
                  Limits
                </Text>
                <Text size="sm" fw={500}>
                  {issued.maxInstances ?? 'Unlimited'} instance{issued.maxInstances === 1 ? '' : 's'}, {issued.maxUsers ?? 'unlimited'} user
                  {issued.maxUsers === 1 ? '' : 's'}
                </Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="md">
                <Text size="sm" c="dimmed">
                  Signed with key
                </Text>
                <Code fz="xs">{issued.keyId}</Code>
              </Group>
              <Text size="sm" c="dimmed">
                Entitlements
              </Text>
              {issued.entitlements.length ? (
                <Group gap={6} data-testid="license-file-entitlements">
                  {issued.entitlements.map((e) => (
                    <Badge key={e} variant="light" tt="none">
                      {e}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Text size="sm">None: the plan declares no features.</Text>
              )}
            </Stack>
          )}
        </Stack>
      )}
    </LicenseSectionCard>
  );
}
