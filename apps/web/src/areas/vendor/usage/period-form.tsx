import { useEffect, useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';

/** A from/to day range; empty means "the 30 days up to the latest report". */
export function PeriodForm({
  from,
  to,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (p: { from: string | null; to: string | null }) => void;
}) {
  const [draft, setDraft] = useState({ from: from ?? '', to: to ?? '' });
  useEffect(() => setDraft({ from: from ?? '', to: to ?? '' }), [from, to]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ from: draft.from || null, to: draft.to || null });
      }}
      aria-label="Period"
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label="From"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          w={170}
        />
        <TextInput type="date" label="To" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} w={170} />
        <Button type="submit" variant="default">
          Show
        </Button>
        <Button variant="subtle" onClick={() => onChange({ from: null, to: null })}>
          Latest 30 days reported
        </Button>
      </Group>
    </form>
  );
}
