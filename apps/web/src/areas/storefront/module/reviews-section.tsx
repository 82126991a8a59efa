import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Card, Group, Input, Rating, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateText } from '../../../shared/components/date-text';
import { FormErrorAlert, useFormErrors } from '../../../shared/components/form-errors';
import { PageError, PageLoading } from '../../../shared/components/page-states';
import { useSession } from '../../../shared/session/session-provider';
import { ModulePageQuery } from './graphql/module-page.query';
import { ModuleReviewUpsertMutation } from './graphql/module-review-upsert.mutation';
import { ModuleReviewsQuery } from './graphql/module-reviews.query';
import { ModuleReviewEligibilityQuery } from './graphql/module-review-eligibility.query';
import { signInPath } from '../../../shared/session/safe-next';
import type { ReviewSort } from '../../../gql/graphql';

const FIELDS = ['orgId', 'rating', 'title', 'body'] as const;

function ReviewForm({ slug, orgs }: { slug: string; orgs: readonly { id: number; name: string }[] }) {
  const [orgId, setOrgId] = useState<string | null>(null);
  const [rating, setRating] = useState(0);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors(FIELDS);
  const [upsert, { loading }] = useMutation(ModuleReviewUpsertMutation, {
    refetchQueries: [ModuleReviewsQuery, ModulePageQuery, ModuleReviewEligibilityQuery],
    awaitRefetchQueries: true,
  });
  const chosenOrg = orgId ?? (orgs[0] ? String(orgs[0].id) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSaved(false);
    try {
      const { data } = await upsert({
        variables: {
          input: { moduleSlug: slug, orgId: Number(chosenOrg), rating, title: title.trim() || null, body: body.trim() || null },
        },
      });
      const payload = data?.moduleReviewUpsert;
      if (payload?.errors.length) errors.setFromPayload(payload.errors);
      else setSaved(true);
    } catch (err) {
      errors.setFromException(err);
    }
  };

  return (
    <Card withBorder padding="lg" component="form" onSubmit={submit} aria-label="Write a review">
      <Stack gap="sm">
        <Text fw={600}>Write a review</Text>
        <Select
          label="Reviewing for"
          data={orgs.map((o) => ({ value: String(o.id), label: o.name }))}
          value={chosenOrg}
          onChange={(v) => {
            errors.clearField('orgId');
            setOrgId(v);
          }}
          allowDeselect={false}
          error={errors.field('orgId')}
        />
        <Input.Wrapper label="Rating" error={errors.field('rating')} required>
          <Rating
            value={rating}
            onChange={(v) => {
              errors.clearField('rating');
              setRating(v);
            }}
            aria-label="Rating"
          />
        </Input.Wrapper>
        <TextInput
          label="Title"
          maxLength={120}
          value={title}
          onChange={(e) => {
            errors.clearField('title');
            setTitle(e.currentTarget.value);
          }}
          error={errors.field('title')}
        />
        <Textarea
          label="Review"
          autosize
          minRows={3}
          maxLength={4000}
          value={body}
          onChange={(e) => {
            errors.clearField('body');
            setBody(e.currentTarget.value);
          }}
          error={errors.field('body')}
        />
        <FormErrorAlert errors={errors.general} />
        <Group justify="space-between">
          {saved ? (
            <Text size="sm" c="green" role="status">
              Thanks, your review is saved.
            </Text>
          ) : (
            <span />
          )}
          <Button type="submit" loading={loading}>
            Submit review
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const SORTS = [
  { value: 'NEWEST', label: 'Newest' },
  { value: 'HIGHEST', label: 'Highest rated' },
  { value: 'LOWEST', label: 'Lowest rated' },
] as const;

/** The form for customers; everyone else reads why they cannot review. */
function ReviewFormOrReason({ slug }: { slug: string }) {
  const session = useSession();
  const location = useLocation();
  const q = useQuery(ModuleReviewEligibilityQuery, { variables: { slug } });
  const e = q.data?.moduleReviewEligibility;
  if (!e) return null;
  if (e.canReview) return <ReviewForm slug={slug} orgs={e.organizations} />;
  return (
    <Alert variant="light" color="gray" data-testid="review-not-allowed" title="Reviews are written by customers">
      <Text size="sm">{e.message}</Text>
      {e.reason === 'SIGN_IN' && session.status !== 'signed-in' && (
        <Anchor component={Link} to={signInPath(location.pathname + '#reviews')} size="sm">
          Sign in
        </Anchor>
      )}
    </Alert>
  );
}

export function ReviewsSection({ slug }: { slug: string }) {
  const [sort, setSort] = useState<ReviewSort>('NEWEST' as ReviewSort);
  const query = useQuery(ModuleReviewsQuery, { variables: { slug, first: 20, sort } });
  const conn = query.data?.moduleReviews;

  return (
    <Stack gap="md">
      {conn && conn.totalCount > 1 && (
        <Select
          label="Sort reviews"
          data={SORTS.map((s) => ({ value: s.value, label: s.label }))}
          value={sort}
          onChange={(v) => v && setSort(v as ReviewSort)}
          allowDeselect={false}
          w={{ base: '100%', xs: 220 }}
        />
      )}
      {!conn && query.error && <PageError error={query.error} onRetry={() => void query.refetch().catch(() => undefined)} />}
      {!conn && !query.error && <PageLoading label="Loading reviews…" />}
      {conn && conn.edges.length === 0 && <Text c="dimmed">No reviews yet</Text>}
      {conn && conn.edges.length > 0 && (
        <Stack gap="sm" data-testid="module-reviews">
          {conn.edges.map(({ node: r }) => (
            <Card key={r.id} withBorder padding="md" component="article">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Rating value={r.rating} readOnly size="sm" aria-label={`${r.rating} out of 5 stars`} />
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
              {r.vendorReply && (
                <Card bg="gray.0" padding="sm" mt="sm" data-testid="review-vendor-reply">
                  <Text size="sm" fw={600}>
                    Reply from {r.vendorReply.vendorName}{' '}
                    <Text span size="xs" c="dimmed" fw={400}>
                      <DateText value={r.vendorReply.repliedAt} />
                      {r.vendorReply.editedAt ? ' · edited' : ''}
                    </Text>
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {r.vendorReply.body}
                  </Text>
                </Card>
              )}
            </Card>
          ))}
        </Stack>
      )}
      <ReviewFormOrReason slug={slug} />
    </Stack>
  );
}
