import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { Kind, print, visit, type DocumentNode, type FieldNode } from 'graphql';

const VIRTUAL = 'virtual:wk-gql-document/';

/**
 * Each area ships only its own GraphQL operations (issue 16). The codegen client preset's
 * `graphql(source)` looks the source up in a map of every document of the app (src/gql/gql.ts), so
 * any chunk that calls it pulls in all of them. At build time this rewrites each
 * `graphql(\`query Name …\`)` call into an import of that one document, served as a module of its own
 * (`virtual:wk-gql-document/NameDocument`, the generated JSON of src/gql/graphql.ts, fragments
 * included). One module per document matters: the bundler puts a module in one chunk, so importing
 * the documents from src/gql/graphql.ts put all of them in the chunk shared by the areas, which the
 * shell preloads. (The preset's own optimiser is a Babel plugin; the build has no Babel.) Types are
 * unchanged: TypeScript still checks the `graphql()` calls.
 */
/** The document as Apollo Client sends it: `__typename` in every selection set but the operation's root. */
function withTypenames(doc: DocumentNode): DocumentNode {
  const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
  return visit(doc, {
    SelectionSet(node, _key, parent) {
      if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === Kind.OPERATION_DEFINITION) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
      return { ...node, selections: [...node.selections, typename] };
    },
  });
}

/**
 * @param shellOperations operations the API runs for the app shell (apps/api/src/web-shell.ts):
 *   written to `shell-queries.json` in the build, as the app sends them.
 */
export function graphqlDocuments(srcDir: string, shellOperations: string[] = []): Plugin {
  const gqlDir = path.join(srcDir, 'gql');
  const generated = path.join(gqlDir, 'graphql.ts');
  let documents: Map<string, string> | null = null;
  const documentSource = (name: string): string => {
    if (!documents) {
      documents = new Map();
      const line = /^export const ([A-Za-z0-9_]+(?:Document|FragmentDoc)) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm;
      for (const m of fs.readFileSync(generated, 'utf8').matchAll(line)) documents.set(m[1]!, m[2]!);
    }
    const json = documents.get(name);
    if (!json) throw new Error(`${name} is not in ${generated}: run the codegen (pnpm --filter @wk/web codegen)`);
    return json;
  };
  return {
    name: 'wk-graphql-documents',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      documents = null;
    },
    resolveId(id) {
      return id.startsWith(VIRTUAL) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${VIRTUAL}`)) return null;
      const name = id.slice(VIRTUAL.length + 1);
      return `export const ${name} = ${documentSource(name)};\n`;
    },
    generateBundle() {
      const queries = Object.fromEntries(
        shellOperations.map((name) => [name, print(withTypenames(JSON.parse(documentSource(`${name}Document`)) as DocumentNode))]),
      );
      this.emitFile({ type: 'asset', fileName: 'shell-queries.json', source: `${JSON.stringify(queries, null, 2)}\n` });
    },
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
      const withoutGraphqlImport = /\bgraphql\(/.test(out)
        ? out
        : out.replace(/^import\s*\{\s*graphql\s*\}\s*from\s*['"][^'"]*gql['"];?\s*$/m, '');
      const imports = [...new Set(names)].map((n) => `import { ${n} } from '${VIRTUAL}${n}';\n`).join('');
      return { code: `${imports}${withoutGraphqlImport}`, map: null };
    },
  };
}
