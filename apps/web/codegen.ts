import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for every operation come from here (HOUSE_STYLE "Web app"): write operations with the
 * generated `graphql()` function, one per file in the feature's `graphql/` folder, then run
 * `pnpm --filter @wk/web codegen`. src/gql/ is generated and not committed.
 */
const config: CodegenConfig = {
  overwrite: true,
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // Plain result types (no useFragment unmasking); fragments stay available for reuse.
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
