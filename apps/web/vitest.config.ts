import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Unit tests of the web app's own logic and components, in a DOM (happy-dom), with Testing Library. */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
