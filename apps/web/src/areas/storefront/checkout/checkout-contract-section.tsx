import { Anchor, Badge, Box, Card, Checkbox, Group, ScrollArea, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import type { CheckoutOptionsQuery } from '../../../gql/graphql';
import { DateText } from '../../../shared/components/date-text';
import { Markdown } from '../../../shared/components/markdown';

type Contract = NonNullable<CheckoutOptionsQuery['checkoutOptions']['contract']>;

/** The module's contract in force: its text (Markdown), the full terms link and the acceptance box. */
export function CheckoutContractSection({
  number,
  contract,
  accepted,
  onAccepted,
  error,
}: {
  number: number;
  contract: Contract;
  accepted: boolean;
  onAccepted: (accepted: boolean) => void;
  error?: string;
}) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="contract-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} fz="lg" id="contract-title">
          {number}. {contract.contractType === 'eula' ? 'License agreement' : 'Contract'}
        </Title>
        <Badge variant="outline" color="gray.7">
          Version {contract.version} · since <DateText value={contract.effectiveFrom} />
        </Badge>
      </Group>
      <ScrollArea.Autosize mah={220} type="auto" offsetScrollbars aria-label="Agreement text" tabIndex={0}>
        <Box fz="sm" pr="sm">
          {contract.body ? (
            <Markdown source={contract.body} size="sm" headingOffset={2} />
          ) : (
            <Text size="sm">The full terms are at the link below.</Text>
          )}
        </Box>
      </ScrollArea.Autosize>
      {contract.termsUrl && (
        <Anchor
          href={contract.termsUrl}
          target="_blank"
          rel="noopener noreferrer"
          size="sm"
          mt="xs"
          display="inline-flex"
          style={{ alignItems: 'center', gap: 4 }}
        >
          Full terms <IconExternalLink size={14} aria-hidden />
        </Anchor>
      )}
      <Checkbox
        mt="md"
        label={`I accept the ${contract.contractType === 'eula' ? 'license agreement' : 'contract'} (version ${contract.version}) on behalf of my organization`}
        checked={accepted}
        onChange={(e) => onAccepted(e.currentTarget.checked)}
        error={error}
      />
    </Card>
  );
}
