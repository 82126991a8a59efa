import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Each area ships only its own GraphQL operations (issue 16). The codegen client preset's
 * `graphql(source)` looks the source up in a map of every document of the app (src/gql/gql.ts), so
 * any chunk that calls it pulls in all of them. At build time this rewrites each
 * `graphql(\`query Name …\`)` call into the generated `NameDocument` export of src/gql/graphql.ts,
 * which the bundler then tree-shakes per chunk. (The preset's own optimiser is a Babel plugin; the
 * build has no Babel.) Types are unchanged: TypeScript still checks the `graphql()` calls.
 */
export function graphqlDocuments(srcDir: string): Plugin {
  const gqlDir = path.join(srcDir, 'gql');
  return {
    name: 'wk-graphql-documents',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.(ts|tsx)$/.test(file) || file.startsWith(gqlDir) || !file.startsWith(srcDir) || !code.includes('graphql(`')) return null;
      const names: string[] = [];
      const out = code.replace(/\bgraphql\(\s*`([^`]*)`\s*\)/g, (call, source: string) => {
        const op = /\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(source);
        const frag = /\bfragment\s+([A-Za-z_][A-Za-z0-9_]*)\s+on\b/.exec(source);
        const name = op ? `${op[1]}Document` : frag ? `${frag[1]}FragmentDoc` : null;
        if (!name) return call;
        names.push(name);
        return name;
      });
      if (!names.length) return null;
      let rel = path.relative(path.dirname(file), path.join(gqlDir, 'graphql')).split(path.sep).join('/');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      const withoutGraphqlImport = /\bgraphql\(/.test(out)
        ? out
        : out.replace(/^import\s*\{\s*graphql\s*\}\s*from\s*['"][^'"]*gql['"];?\s*$/m, '');
      return { code: `import { ${[...new Set(names)].join(', ')} } from '${rel}';\n${withoutGraphqlImport}`, map: null };
    },
  };
}
