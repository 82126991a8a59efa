import { useState } from 'react';
import { Image, Modal, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import type { ModuleDetail } from './types';

/** The listing's screenshots in the vendor's order; a click shows one full size. */
export function ScreenshotsSection({ shots }: { shots: ModuleDetail['screenshots'] }) {
  const [open, setOpen] = useState<number | null>(null);
  const current = open === null ? null : shots[open];
  return (
    <>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} data-testid="module-screenshots">
        {shots.map((s, i) => (
          <UnstyledButton key={s.id} onClick={() => setOpen(i)} aria-label={`Open screenshot ${i + 1}: ${s.altText}`}>
            <Image
              src={s.url}
              alt={s.altText}
              radius="md"
              h={180}
              fit="cover"
              style={{ border: '1px solid var(--mantine-color-gray-3)' }}
            />
          </UnstyledButton>
        ))}
      </SimpleGrid>
      <Modal opened={current != null} onClose={() => setOpen(null)} size="xl" title={current?.altText} centered>
        {current && (
          <>
            <Image src={current.url} alt={current.altText} fit="contain" />
            <Text size="xs" c="dimmed" mt="xs">
              {open! + 1} of {shots.length}
            </Text>
          </>
        )}
      </Modal>
    </>
  );
}
