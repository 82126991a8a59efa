import { useNavigate } from 'react-router';
import { Select, type SelectProps } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useCurrentOrg } from '../../session/current-org';

const CREATE = 'create-organization';

/** Picks the organization the user works in; the org console and checkout follow it. */
export function OrgSwitcher(props: Omit<SelectProps, 'data' | 'value' | 'onChange'>) {
  const { memberships, organization, setCurrentOrgId } = useCurrentOrg();
  const navigate = useNavigate();
  if (memberships.length === 0) return null;
  return (
    <Select
      aria-label="Current organization"
      data={[
        { group: 'Your organizations', items: memberships.map((m) => ({ value: String(m.organization.id), label: m.organization.name })) },
        { group: 'New', items: [{ value: CREATE, label: '+ Create an organization' }] },
      ]}
      value={organization ? String(organization.id) : null}
      onChange={(v) => {
        if (v === CREATE) void navigate('/org/new');
        else if (v) setCurrentOrgId(Number(v));
      }}
      allowDeselect={false}
      leftSection={<IconBuildingSkyscraper size={16} aria-hidden />}
      comboboxProps={{ withinPortal: true }}
      data-testid="org-switcher"
      {...props}
    />
  );
}
