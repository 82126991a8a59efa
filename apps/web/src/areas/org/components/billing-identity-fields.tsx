import { Select, SimpleGrid, TextInput } from '@mantine/core';

export interface BillingValues {
  name: string;
  billingCountry: string;
  billingRegion: string;
  taxId: string;
}

/** Name, billing country/region and tax id inputs, shared by "create" and "settings". */
export function BillingIdentityFields({
  values,
  onChange,
  countries,
  error,
}: {
  values: BillingValues;
  onChange: (key: keyof BillingValues, value: string) => void;
  countries: { code: string; name: string }[];
  error: (field: string) => string | undefined;
}) {
  return (
    <>
      <TextInput
        label="Organization name"
        required
        autoComplete="organization"
        value={values.name}
        onChange={(e) => onChange('name', e.currentTarget.value)}
        error={error('name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Select
          label="Billing country"
          description="Selects the tax applied to purchases."
          required
          searchable
          data={countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          value={values.billingCountry || null}
          onChange={(v) => onChange('billingCountry', v ?? '')}
          error={error('billingCountry')}
          nothingFoundMessage="No such country"
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label="Region or state"
          description="Optional; for regional tax rules (e.g. CA)."
          value={values.billingRegion}
          onChange={(e) => onChange('billingRegion', e.currentTarget.value)}
          error={error('billingRegion')}
        />
      </SimpleGrid>
      <TextInput
        label="Tax id"
        description="Optional. EU VAT number with its country prefix (e.g. FR40303265045), a GB VAT number (GB123456789), or your local tax number. Checked against the billing country."
        value={values.taxId}
        onChange={(e) => onChange('taxId', e.currentTarget.value)}
        error={error('taxId')}
      />
    </>
  );
}
