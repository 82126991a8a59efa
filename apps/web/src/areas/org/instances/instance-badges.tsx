import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconClockHour4, IconCircleX } from '@tabler/icons-react';
import type { CoreValidationStatus, Environment } from '../../../gql/graphql';

export const environmentLabel: Record<Environment, string> = {
  production: 'Production',
  staging: 'Staging',
  development: 'Development',
};

const environmentColor: Record<Environment, string> = {
  production: 'red.9',
  staging: 'orange.9',
  development: 'teal.9',
};

/** Production / staging / development, colour-coded (text is always there, not colour alone). */
export function EnvironmentBadge({ environment, size = 'md' }: { environment: Environment; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge component="span" color={environmentColor[environment]} variant="filled" size={size} data-testid="environment-badge">
      {environmentLabel[environment]}
    </Badge>
  );
}

export const validationLabel: Record<CoreValidationStatus, string> = {
  validated: 'Validated',
  pending: 'Pending validation',
  rejected: 'Rejected',
};

const validationHelp: Record<CoreValidationStatus, string> = {
  validated: 'The platform validated this core release.',
  pending: 'The platform has not validated this core release yet: modules may still run on it, but it is not certified.',
  rejected: 'The platform rejected this core release: plan a core change.',
};

/** "Webkernel Horizon 2.0.0" with its platform validation status. */
export function CoreLabel({ core }: { core: { name: string; version: string; validationStatus: CoreValidationStatus } }) {
  const Icon = core.validationStatus === 'validated' ? IconCircleCheck : core.validationStatus === 'pending' ? IconClockHour4 : IconCircleX;
  const color = core.validationStatus === 'validated' ? 'green.9' : core.validationStatus === 'pending' ? 'yellow.9' : 'red.9';
  return (
    <Group gap={6} wrap="wrap" component="span" data-testid="core-label">
      <Text span fw={600} size="sm">
        {core.name} {core.version}
      </Text>
      <Tooltip label={validationHelp[core.validationStatus]} multiline w={260} withArrow>
        <Badge
          component="span"
          color={color}
          variant="outline"
          size="sm"
          leftSection={<Icon size={12} aria-hidden />}
          tt="none"
          tabIndex={0}
        >
          {validationLabel[core.validationStatus]}
        </Badge>
      </Tooltip>
    </Group>
  );
}
