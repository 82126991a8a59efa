import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { App } from './app/app';
import { readServerState } from './app/server-state';

// A server-rendered page paints with its critical CSS inlined; its full stylesheets were fetched meanwhile and
// apply now, before the app takes over (anything it draws later, a menu or a dialog, has its rules).
for (const link of document.querySelectorAll<HTMLLinkElement>('link[data-wk-css]')) link.rel = 'stylesheet';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The catalog and module pages come rendered by the server (app/entry-server.tsx, issue 16): the
// app takes over that HTML with the server's answers; other pages render here as before.
const restore = readServerState();
if (restore) {
  hydrateRoot(
    root,
    <StrictMode>
      <App restore={restore} />
    </StrictMode>,
  );
} else {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
