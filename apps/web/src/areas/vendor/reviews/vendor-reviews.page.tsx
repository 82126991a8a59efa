import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Card, Group, Rating, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { PageHeader } from '../../../shared/components/page-header';
import { PageEmpty, QueryStates } from '../../../shared/components/page-states';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { useCurrentVendor, VendorSwitcher } from '../components/current-vendor';
import { VendorReviewsQuery } from './graphql/vendor-reviews.query';
import { ModuleReviewReplyMutation } from './graphql/module-review-reply.mutation';
import { VendorDashboardQuery } from '../home/graphql/vendor-dashboard.query';

const FIELDS = ['body'] as const;

function ReplyForm({ reviewId, current, onDone }: { reviewId: number; current: string | null; onDone: () => void }) {
  const [body, setBody] = useState(current ?? '');
  const errors = useFormErrors(FIELDS);
  const [reply, { loading }] = useMutation(ModuleReviewReplyMutation, { refetchQueries: [VendorDashboardQuery] });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    try {
      const { data } = await reply({ variables: { input: { reviewId, body } } });
      const p = data?.moduleReviewReply;
      if (p?.errors.length) errors.setFromPayload(p.errors);
      else onDone();
    } catch (err) {
      errors.setFromException(err);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Reply to the review">
      <Stack gap="xs">
        <Textarea
          label="Your public reply"
          description="Shown under the review on the module page. One reply per review; you can edit it."
          autosize
          minRows={2}
          maxLength={2000}
          value={body}
          onChange={(e) => {
            errors.clearField('body');
            setBody(e.currentTarget.value);
          }}
          error={errors.field('body')}
        />
        <FormErrorAlert errors={errors.general} />
        <Group gap="xs">
          <Button type="submit" size="xs" loading={loading}>
            {current ? 'Save reply' : 'Post reply'}
          </Button>
          <Button type="button" size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `/vendor/reviews`: reviews of the vendor's modules, each with the vendor's one editable reply. */
export function VendorReviewsPage() {
  const { vendor } = useCurrentVendor();
  const [filter, setFilter] = useState<'all' | 'open' | 'answered'>('all');
  const [editing, setEditing] = useState<number | null>(null);
  const query = useQuery(VendorReviewsQuery, {
    variables: { vendorId: vendor?.id ?? 0, first: 50, unanswered: filter === 'all' ? null : filter === 'open' },
    skip: !vendor,
  });
  if (!vendor) return <PageEmpty title="You do not manage any vendor yet" />;
  return (
    <>
      <PageHeader
        title="Reviews"
        documentTitle={`Reviews · ${vendor.name}`}
        description="What customers say about your modules. Reply once to each review; buyers see your reply under it."
        actions={<VendorSwitcher />}
      />
      <SegmentedControl
        mb="md"
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        aria-label="Show"
        data={[
          { value: 'all', label: 'All' },
          { value: 'open', label: 'Awaiting reply' },
          { value: 'answered', label: 'Answered' },
        ]}
      />
      <QueryStates
        query={query}
        isEmpty={(d) => d.vendorReviews.edges.length === 0}
        empty={<PageEmpty title={filter === 'open' ? 'Every review has a reply' : 'No reviews yet'} />}
      >
        {(d) => (
          <Stack gap="sm">
            {d.vendorReviews.edges.map(({ node: r }) => (
              <Card key={r.id} withBorder padding="md" component="article" data-testid="vendor-review">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Group gap="xs">
                    <Rating value={r.rating} readOnly size="sm" aria-label={`${r.rating} out of 5 stars`} />
                    <Anchor component={Link} to={`/modules/${r.moduleSlug}#reviews`} size="sm" fw={600}>
                      {r.moduleName}
                    </Anchor>
                  </Group>
                  <Text size="sm" c="dimmed">
                    <DateText value={r.createdAt} />
                  </Text>
                </Group>
                {r.title && (
                  <Text fw={600} mt={6}>
                    {r.title}
                  </Text>
                )}
                {r.body && (
                  <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                    {r.body}
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt={6}>
                  {r.authorName} · {r.organizationName}
                </Text>
                <Card bg="gray.0" padding="sm" mt="sm" data-testid="vendor-reply">
                  {editing === r.id ? (
                    <ReplyForm reviewId={r.id} current={r.vendorReply?.body ?? null} onDone={() => setEditing(null)} />
                  ) : r.vendorReply ? (
                    <Stack gap={4}>
                      <Text size="sm" fw={600}>
                        Your reply{' '}
                        <Text span size="xs" c="dimmed" fw={400}>
                          <DateText value={r.vendorReply.repliedAt} />
                          {r.vendorReply.editedAt ? ' · edited' : ''}
                        </Text>
                      </Text>
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                        {r.vendorReply.body}
                      </Text>
                      <Button size="xs" variant="subtle" w="fit-content" px={0} onClick={() => setEditing(r.id)}>
                        Edit reply
                      </Button>
                    </Stack>
                  ) : (
                    <Button size="xs" variant="light" w="fit-content" onClick={() => setEditing(r.id)}>
                      Reply
                    </Button>
                  )}
                </Card>
              </Card>
            ))}
          </Stack>
        )}
      </QueryStates>
    </>
  );
}
