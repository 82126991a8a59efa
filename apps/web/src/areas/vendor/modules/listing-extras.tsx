import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { ActionIcon, Alert, Button, Card, FileInput, Group, Image, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowRight, IconEye, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { QueryStates } from '../../../shared/components/page-states';
import { VendorModuleListingQuery } from './graphql/vendor-module-listing.query';
import { ModuleListingLinksUpdateMutation } from './graphql/module-listing-links-update.mutation';
import { ModuleScreenshotUpdateMutation } from './graphql/module-screenshot-update.mutation';
import { ModuleScreenshotsReorderMutation } from './graphql/module-screenshots-reorder.mutation';
import { ModuleScreenshotDeleteMutation } from './graphql/module-screenshot-delete.mutation';

const LINK_FIELDS = [
  { key: 'supportEmail', label: 'Support e-mail', placeholder: 'support@example.com', type: 'email' },
  { key: 'supportUrl', label: 'Support site', placeholder: 'https://help.example.com' },
  { key: 'documentationUrl', label: 'Documentation', placeholder: 'https://docs.example.com' },
  { key: 'sourceUrl', label: 'Source code', placeholder: 'https://github.com/you/module' },
  { key: 'issueTrackerUrl', label: 'Issue tracker', placeholder: 'https://github.com/you/module/issues' },
  { key: 'privacyPolicyUrl', label: 'Privacy policy', placeholder: 'https://example.com/privacy' },
] as const;
type LinkKey = (typeof LINK_FIELDS)[number]['key'];
type Links = Record<LinkKey, string | null>;

const MAX = 8;

function LinksForm({ moduleId, initial }: { moduleId: number; initial: Links }) {
  const [values, setValues] = useState<Record<LinkKey, string>>(
    Object.fromEntries(LINK_FIELDS.map((f) => [f.key, initial[f.key] ?? ''])) as Record<LinkKey, string>,
  );
  const errors = useFormErrors(LINK_FIELDS.map((f) => f.key));
  const [save, { loading }] = useMutation(ModuleListingLinksUpdateMutation, { refetchQueries: [VendorModuleListingQuery] });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await save({ variables: { input: { moduleId, ...values } } });
      if (data?.moduleListingLinksUpdate.errors.length) return errors.setFromPayload(data.moduleListingLinksUpdate.errors);
      notifications.show({ color: 'green', title: 'Links saved', message: 'Buyers see them on the module page.' });
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <Card withBorder padding="lg" component="form" onSubmit={submit} aria-label="Support and links" noValidate>
      <Title order={3} fz="md" mb={4}>
        Support and links
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Shown to buyers on the module page. Without a support e-mail here, buyers see your vendor profile’s.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {LINK_FIELDS.map((f) => (
          <TextInput
            key={f.key}
            label={f.label}
            placeholder={f.placeholder}
            type={'type' in f ? f.type : 'url'}
            value={values[f.key]}
            onChange={(e) => {
              errors.clearField(f.key);
              const v = e.currentTarget.value;
              setValues((s) => ({ ...s, [f.key]: v }));
            }}
            error={errors.field(f.key)}
          />
        ))}
      </SimpleGrid>
      <FormErrorAlert errors={errors.general} />
      <Group justify="flex-end" mt="md">
        <Button type="submit" loading={loading}>
          Save links
        </Button>
      </Group>
    </Card>
  );
}

interface UploadError {
  code: string;
  field: string | null;
  message: string;
}

async function uploadScreenshot(moduleId: number, file: File, altText: string): Promise<{ ok: boolean; errors: UploadError[] }> {
  const fd = new FormData();
  fd.append('altText', altText);
  fd.append('file', file, file.name);
  try {
    const res = await fetch(`/api/vendor/modules/${moduleId}/screenshots`, {
      method: 'POST',
      body: fd,
      credentials: 'same-origin',
      headers: { 'x-wk-upload': '1' },
    });
    const body = (await res.json().catch(() => null)) as { errors?: UploadError[] } | null;
    if (res.status === 201) return { ok: true, errors: [] };
    return {
      ok: false,
      errors: body?.errors?.length
        ? body.errors
        : [
            {
              code: 'UPLOAD_FAILED',
              field: null,
              message: res.status === 413 ? 'A screenshot can be at most 2 MB.' : 'The upload failed.',
            },
          ],
    };
  } catch {
    return { ok: false, errors: [{ code: 'NETWORK', field: null, message: 'The upload failed: check your connection and try again.' }] };
  }
}

type Shot = { id: number; position: number; altText: string; url: string; width: number; height: number };

function ScreenshotCard({
  s,
  index,
  count,
  onMove,
}: {
  s: Shot;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
}) {
  const [alt, setAlt] = useState(s.altText);
  const errors = useFormErrors(['altText']);
  const [update, updating] = useMutation(ModuleScreenshotUpdateMutation);
  const [remove, removing] = useMutation(ModuleScreenshotDeleteMutation, { refetchQueries: [VendorModuleListingQuery] });
  const saveAlt = async () => {
    errors.clear();
    const { data } = await update({ variables: { input: { screenshotId: s.id, altText: alt } } });
    if (data?.moduleScreenshotUpdate.errors.length) errors.setFromPayload(data.moduleScreenshotUpdate.errors);
  };
  return (
    <Card withBorder padding="sm" data-testid="vendor-screenshot" aria-label={`Screenshot ${index + 1}`}>
      <Card.Section>
        <Image src={s.url} alt={s.altText} h={140} fit="cover" />
      </Card.Section>
      <Stack gap={6} mt="xs">
        <TextInput
          size="xs"
          label={`Alt text of screenshot ${index + 1}`}
          value={alt}
          onChange={(e) => {
            errors.clearField('altText');
            setAlt(e.currentTarget.value);
          }}
          onBlur={() => alt !== s.altText && void saveAlt()}
          error={errors.field('altText')}
          rightSection={updating.loading ? '…' : undefined}
        />
        <Group justify="space-between" gap={4}>
          <Group gap={4}>
            <ActionIcon
              variant="default"
              aria-label={`Move screenshot ${index + 1} earlier`}
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
            >
              <IconArrowLeft size={16} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="default"
              aria-label={`Move screenshot ${index + 1} later`}
              disabled={index === count - 1}
              onClick={() => onMove(index, index + 1)}
            >
              <IconArrowRight size={16} aria-hidden />
            </ActionIcon>
          </Group>
          <Text size="xs" c="dimmed">
            {s.width} × {s.height}
          </Text>
          <ActionIcon
            variant="light"
            color="red"
            aria-label={`Delete screenshot ${index + 1}`}
            loading={removing.loading}
            onClick={() => void remove({ variables: { input: { screenshotId: s.id } } })}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      </Stack>
    </Card>
  );
}

function Screenshots({ moduleId, shots, refetch }: { moduleId: number; shots: Shot[]; refetch: () => Promise<unknown> }) {
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(['file', 'altText']);
  const [reorder] = useMutation(ModuleScreenshotsReorderMutation, { refetchQueries: [VendorModuleListingQuery] });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (!file) return errors.setFromPayload([{ code: 'FILE_REQUIRED', field: 'file', message: 'Choose an image.' }]);
    setBusy(true);
    const r = await uploadScreenshot(moduleId, file, alt);
    setBusy(false);
    if (!r.ok) return errors.setFromPayload(r.errors);
    setFile(null);
    setAlt('');
    await refetch();
  };
  const move = (from: number, to: number) => {
    const ids = shots.map((s) => s.id);
    const [id] = ids.splice(from, 1);
    ids.splice(to, 0, id!);
    void reorder({ variables: { input: { moduleId, screenshotIds: ids } } });
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="screenshots-title">
      <Title order={3} fz="md" id="screenshots-title" mb={4}>
        Screenshots ({shots.length}/{MAX})
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        PNG, JPEG or WebP, at most 2 MB each. They are resized to fit 1600 × 1200 and shown to buyers in this order.
      </Text>
      {shots.length > 0 ? (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
          {shots.map((s, i) => (
            <ScreenshotCard key={s.id} s={s} index={i} count={shots.length} onMove={move} />
          ))}
        </SimpleGrid>
      ) : (
        <Text size="sm" mb="md">
          No screenshots yet. Listings with screenshots show buyers what they get.
        </Text>
      )}
      {shots.length < MAX ? (
        <form onSubmit={submit} aria-label="Add a screenshot">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <FileInput
              label="Image"
              placeholder="Choose a PNG, JPEG or WebP"
              accept="image/png,image/jpeg,image/webp"
              value={file}
              onChange={(f) => {
                errors.clearField('file');
                setFile(f);
              }}
              error={errors.field('file')}
              clearable
            />
            <TextInput
              label="Alt text"
              description="What the screenshot shows, for people who cannot see it."
              value={alt}
              maxLength={200}
              onChange={(e) => {
                errors.clearField('altText');
                setAlt(e.currentTarget.value);
              }}
              error={errors.field('altText')}
            />
          </SimpleGrid>
          <FormErrorAlert errors={errors.general} />
          <Group justify="flex-end" mt="sm">
            <Button type="submit" loading={busy} leftSection={<IconPhotoUp size={16} aria-hidden />}>
              Upload screenshot
            </Button>
          </Group>
        </form>
      ) : (
        <Alert variant="light" color="gray">
          This listing has the maximum of {MAX} screenshots. Delete one to add another.
        </Alert>
      )}
    </Card>
  );
}

/** The listing's support links and screenshots, with a link to the buyer's-eye preview. */
export function ListingExtras({ moduleId }: { moduleId: number }) {
  const query = useQuery(VendorModuleListingQuery, { variables: { id: moduleId }, fetchPolicy: 'cache-and-network' });
  return (
    <QueryStates query={query}>
      {(d) => (
        <Stack gap="lg" mt="lg">
          <Screenshots moduleId={moduleId} shots={d.vendorModule.screenshots} refetch={() => query.refetch()} />
          <LinksForm moduleId={moduleId} initial={d.vendorModule.listingLinks} />
          <Group justify="flex-end">
            <Button component={Link} to={`/modules/preview/${moduleId}`} variant="light" leftSection={<IconEye size={16} aria-hidden />}>
              Preview the listing as buyers see it
            </Button>
          </Group>
        </Stack>
      )}
    </QueryStates>
  );
}
