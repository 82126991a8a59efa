import { Stack, Text } from '@mantine/core';
import { PermissionList } from '../../../shared/components/permission-list';
import type { ModuleDetail } from './types';

/** What the version a buyer would get asks for, before purchase (an org admin consents at activation). */
export function PermissionsSection({ moduleName, version }: { moduleName: string; version: ModuleDetail['latestVersion'] }) {
  if (!version) return <Text c="dimmed">No version is available yet.</Text>;
  if (version.permissions.length === 0)
    return (
      <Text c="dimmed" data-testid="module-permissions-none">
        {moduleName} {version.version} asks for no permissions.
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="module-permissions">
      <Text size="sm">
        {moduleName} {version.version} asks for these permissions on your instances. An admin of your organization consents to them when
        activating it, and again before an update that asks for more.
      </Text>
      <PermissionList permissions={version.permissions} />
    </Stack>
  );
}
