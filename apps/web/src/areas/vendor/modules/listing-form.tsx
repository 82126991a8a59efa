import { useState } from 'react';
import { Avatar, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { ModuleType } from '../../../gql/graphql';
import { FormErrorAlert, type useFormErrors } from '../../../shared/components/form-errors';
import { MarkdownEditor } from '../components/markdown';

export interface ListingValues {
  slug: string;
  name: string;
  type: ModuleType;
  shortDescription: string;
  description: string;
  category: string;
  iconUrl: string;
}

export const LISTING_FIELDS = ['slug', 'name', 'type', 'shortDescription', 'description', 'category', 'iconUrl'] as const;

/** The module listing: name, slug (creation only), type, texts (Markdown), category and icon. */
export function ListingForm({
  initial,
  withSlug,
  errors,
  submitting,
  submitLabel,
  onSubmit,
}: {
  initial: ListingValues;
  withSlug: boolean;
  errors: ReturnType<typeof useFormErrors>;
  submitting: boolean;
  submitLabel: string;
  onSubmit: (v: ListingValues) => void;
}) {
  const [v, setV] = useState<ListingValues>(initial);
  const set = (k: keyof ListingValues) => (value: string) => {
    errors.clearField(k);
    setV((prev) => ({ ...prev, [k]: value }));
  };
  const iconOk = /^https?:\/\/\S+$/.test(v.iconUrl.trim());
  return (
    <form
      aria-label="Module listing"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <Stack gap="md" maw={760}>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={v.name}
            onChange={(e) => set('name')(e.currentTarget.value)}
            error={errors.field('name')}
            miw={220}
          />
          {withSlug && (
            <TextInput
              label="Slug"
              required
              description="Lowercase, digits and hyphens. Every uploaded manifest must use it; it cannot change later."
              value={v.slug}
              onChange={(e) => set('slug')(e.currentTarget.value.toLowerCase().replace(/\s+/g, '-'))}
              error={errors.field('slug')}
              miw={220}
            />
          )}
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="module-type-label">
            Type
          </Text>
          <SegmentedControl
            aria-labelledby="module-type-label"
            value={v.type}
            onChange={(x) => set('type')(x)}
            data={[
              { value: 'ready_made', label: 'Ready-made' },
              { value: 'custom', label: 'Custom development' },
            ]}
            style={{ alignSelf: 'flex-start' }}
          />
          {errors.field('type') && (
            <Text c="red.8" size="sm">
              {errors.field('type')}
            </Text>
          )}
        </Stack>
        <TextInput
          label="Short description"
          description="One sentence for catalog cards."
          value={v.shortDescription}
          onChange={(e) => set('shortDescription')(e.currentTarget.value)}
          error={errors.field('shortDescription')}
          maxLength={300}
        />
        <MarkdownEditor
          label="Description"
          description="Markdown: headings, lists, **bold**, `code`, links."
          value={v.description}
          onChange={set('description')}
          error={errors.field('description')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Category"
            description="e.g. crm, erp, analytics"
            value={v.category}
            onChange={(e) => set('category')(e.currentTarget.value)}
            error={errors.field('category')}
            miw={200}
          />
          <TextInput
            label="Icon URL"
            description="An https:// image, square, at least 128 px."
            value={v.iconUrl}
            onChange={(e) => set('iconUrl')(e.currentTarget.value)}
            error={errors.field('iconUrl')}
            miw={240}
            rightSection={iconOk ? <Avatar src={v.iconUrl.trim()} size={24} radius="sm" alt="" /> : null}
          />
        </Group>
        <FormErrorAlert errors={errors.general} />
        <Group>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
