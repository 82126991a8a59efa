import type { ReactElement, ReactNode } from 'react';
import { render } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';

/** Renders inside the providers every page has (Mantine). */
export function renderWithProviders(ui: ReactElement) {
  return render(ui, { wrapper: ({ children }: { children: ReactNode }) => <MantineProvider>{children}</MantineProvider> });
}
