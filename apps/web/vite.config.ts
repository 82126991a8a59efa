import { defaultClientConditions, defineConfig } from 'vite';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { graphqlDocuments } from './graphql-documents.vite';

/** Where `vite dev` sends API traffic; the API serves the built app itself in production. */
const apiTarget = process.env.API_URL ?? 'http://localhost:4000';

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [
    // The operations the API answers inside index.html (apps/api/src/web-shell.ts, issue 16).
    graphqlDocuments(path.resolve(__dirname, 'src'), ['CurrentUser', 'CatalogFacets', 'CatalogModules', 'ModulePage']),
    react(),
    // Precompressed at build (.br and .gz beside each asset); the API serves them (issue 16).
    !isSsrBuild && compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html|svg|json|map)$/, threshold: 1024 }),
  ],
  // rxjs (under Apollo Client) in its ES2015 build rather than its ES5 one: classes instead of tslib's helpers,
  // smaller in the first chunk (issue 16). Only rxjs among the dependencies publishes this condition.
  resolve: isSsrBuild ? {} : { conditions: [...defaultClientConditions, 'es2015'] },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: apiTarget, changeOrigin: false },
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  // The server's renderer (`vite build --ssr src/app/entry-server.tsx`, loaded by the API's web shell):
  // CommonJS with its libraries bundled, so the API (CommonJS, and Jest, which cannot require an ES module
  // such as react-markdown) requires it as one file.
  // The production builds of React and the libraries, whatever NODE_ENV the API runs with.
  ssr: { noExternal: isSsrBuild ? true : undefined },
  define: isSsrBuild ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  publicDir: isSsrBuild ? false : 'public',
  build: isSsrBuild
    ? {
        outDir: 'dist-ssr',
        emptyOutDir: true,
        target: 'node20',
        rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false } },
      }
    : {
        outDir: 'dist',
        emptyOutDir: true,
        sourcemap: true,
        // dist/.vite/manifest.json: the API's web shell preloads a server-rendered page's own chunks and CSS
        // from it (apps/api/src/web-shell.ts), so the page hydrates without a waterfall of lazy imports.
        manifest: true,
        target: 'es2022',
        rolldownOptions: {
          output: {
            // Long-lived library chunks, cached across releases of the app's own code. Mantine and Apollo are not
            // grouped, nor the charts: a group also takes its modules' dependencies, so
            // one chunk of everything any area uses was preloaded on every page (issue 16). Charts load with the pages that draw them.
            codeSplitting: {
              groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 3 }],
            },
          },
        },
      },
}));
