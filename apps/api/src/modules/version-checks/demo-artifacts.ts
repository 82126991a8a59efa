/**
 * Real artifacts for the demo data's releases, built at seed time: a manifest matching the
 * release's declarations and readable PHP/JS code that passes every automated check against the
 * demo cores' API surfaces. Stored through the artifact storage under their sha256; the seed's
 * imported 32-hex hash is kept as history (`imported_hash`). Idempotent: a release whose artifact
 * is stored is left alone; a missing object is rebuilt (deterministic bytes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as yazl from 'yazl';
import type { Prisma } from '@wk/db';
import type { BaseDeps } from '../../core/context';
import { artifactKey, MANIFEST_FILENAME } from '../artifacts';
import { hasArtifact, queueChecks, runVersionChecks, SHA256 } from './version-checks.service';

interface DemoRelease {
  versionId: number;
  slug: string;
  version: string;
  manifest: Record<string, unknown>;
  files: Record<string, string>;
}

const CRM_CORE = [
  { software: 'webkernel', min: '1.9.0', max: '1.9.5' },
  { software: 'webkernel', min: '2.0.0', max: null },
];
const ANALYTICS_CORE = [{ software: 'webkernel', min: '1.8.0', max: '1.9.5' }];
/** The permissions each demo release asks for (the seed's module_versions.permissions say the same). */
const CRM_PERMISSIONS = ['contacts.read', 'contacts.write'];
const ANALYTICS_PERMISSIONS: Record<string, string[]> = {
  '2.0.0': ['contacts.read', 'reports.read'],
  '2.0.1': ['contacts.read', 'reports.read', 'http.outbound'],
  '2.1.0': ['contacts.read', 'reports.read', 'http.outbound'],
};

const crmModule = (version: string, withExport: boolean) => `<?php
declare(strict_types=1);

namespace WebkernelLabs\\CrmPro;

use Webkernel\\Module\\BaseModule;
use Webkernel\\Http\\Router;
use Webkernel\\Db\\Query;
use Webkernel\\Hooks;

/** CRM Pro ${version}: contacts, companies, deals and pipelines. */
final class CrmModule extends BaseModule
{
    public function register(): void
    {
        Router::group('/crm', function (): void {
            Router::get('/contacts', [ContactsController::class, 'index']);
            Router::post('/contacts', [ContactsController::class, 'store']);
            Router::get('/pipelines', [PipelinesController::class, 'index']);${
              withExport ? "\n            Router::get('/contacts/export', [Export\\CsvExporter::class, 'download']);" : ''
            }
        });
        Hooks::on('module.activated', static function (): void {
            Query::table('crm_contacts')->where('archived', false)->get();
        });
    }
}
`;

const controller = (ns: string, name: string, table: string) => `<?php
declare(strict_types=1);

namespace ${ns};

use Webkernel\\Db\\Query;

final class ${name}
{
    /** @return array<int, array<string, mixed>> */
    public function index(): array
    {
        return Query::table('${table}')->where('deleted', false)->get();
    }

    /** @param array<string, mixed> $input */
    public function store(array $input): void
    {
        Query::table('${table}')->insert($input);
    }
}
`;

const RELEASES: DemoRelease[] = [
  {
    versionId: 1,
    slug: 'crm-pro',
    version: '1.0.0',
    manifest: { slug: 'crm-pro', version: '1.0.0', core: CRM_CORE, permissions: CRM_PERMISSIONS },
    files: {
      'src/CrmModule.php': crmModule('1.0.0', false),
      'src/ContactsController.php': controller('WebkernelLabs\\CrmPro', 'ContactsController', 'crm_contacts'),
      'src/PipelinesController.php': controller('WebkernelLabs\\CrmPro', 'PipelinesController', 'crm_pipelines'),
      'README.md': '# CRM Pro 1.0.0\n\nContacts, companies, deals and pipelines for Webkernel.\n',
    },
  },
  {
    versionId: 2,
    slug: 'crm-pro',
    version: '1.1.0',
    manifest: { slug: 'crm-pro', version: '1.1.0', core: CRM_CORE, permissions: CRM_PERMISSIONS },
    files: {
      'src/CrmModule.php': crmModule('1.1.0', true),
      'src/ContactsController.php': controller('WebkernelLabs\\CrmPro', 'ContactsController', 'crm_contacts'),
      'src/PipelinesController.php': controller('WebkernelLabs\\CrmPro', 'PipelinesController', 'crm_pipelines'),
      'src/Export/CsvExporter.php': `<?php
declare(strict_types=1);

namespace WebkernelLabs\\CrmPro\\Export;

use Webkernel\\Db\\Query;

/** CSV export of contacts (1.1.0). */
final class CsvExporter
{
    public function download(): string
    {
        $rows = Query::table('crm_contacts')->get();
        $out = fopen('php://temp', 'r+');
        foreach ($rows as $row) {
            fputcsv($out, $row);
        }
        rewind($out);
        return (string) stream_get_contents($out);
    }
}
`,
      'assets/export-button.js': `// Adds an "Export CSV" button to the contacts list.
export function mountExportButton(list) {
  const button = document.createElement('button');
  button.textContent = 'Export CSV';
  button.addEventListener('click', () => {
    window.location.assign('/crm/contacts/export');
  });
  list.prepend(button);
}
`,
      'README.md': '# CRM Pro 1.1.0\n\nAdds CSV export of contacts, and bug fixes.\n',
    },
  },
  {
    versionId: 3,
    slug: 'custom-erp',
    version: '1.0.0',
    manifest: {
      slug: 'custom-erp',
      version: '1.0.0',
      core: [{ software: 'webkernel', min: '2.0.0', max: null }],
      dependencies: [{ module: 'crm-pro', minVersion: '1.0.0', required: true, type: 'functional' }],
      permissions: ['contacts.read', 'inventory.manage', 'invoices.manage'],
    },
    files: {
      'src/ErpModule.php': `<?php
declare(strict_types=1);

namespace DevShop\\CustomErp;

use Webkernel\\Module\\BaseModule;
use Webkernel\\Http\\Router;
use Webkernel\\Db\\Query;

/** Custom ERP 1.0.0: inventory, purchasing and invoicing, built on CRM Pro. */
final class ErpModule extends BaseModule
{
    public function register(): void
    {
        Router::middleware('auth');
        Router::group('/erp', function (): void {
            Router::get('/inventory', [InventoryController::class, 'index']);
            Router::get('/invoices', static fn () => Query::table('erp_invoices')->paginate(50));
        });
        \\Webkernel\\route('erp.home', '/erp');
    }
}
`,
      'src/InventoryController.php': controller('DevShop\\CustomErp', 'InventoryController', 'erp_items'),
      'README.md': '# Custom ERP 1.0.0\n\nRequires CRM Pro 1.0.0 or later.\n',
    },
  },
  ...(
    [
      [4, '2.0.0'],
      [5, '2.1.0'],
      [6, '2.0.1'],
    ] as const
  ).map(([versionId, version]): DemoRelease => ({
    versionId,
    slug: 'analytics-pro',
    version,
    manifest: {
      slug: 'analytics-pro',
      version,
      core: ANALYTICS_CORE,
      ...(version === '2.1.0' ? { dependencies: [{ module: 'crm-pro', minVersion: '1.0.0', required: false, type: 'integration' }] } : {}),
      permissions: ANALYTICS_PERMISSIONS[version],
    },
    files: {
      'src/AnalyticsModule.php': `<?php
declare(strict_types=1);

namespace JohnDoe\\AnalyticsPro;

use Webkernel\\Module\\BaseModule;
use Webkernel\\Http\\Router;
use Webkernel\\Events\\Dispatcher;
use Webkernel\\Hooks;

/** Analytics Pro ${version}: dashboards, scheduled reports and KPIs. */
final class AnalyticsModule extends BaseModule
{
    public function register(): void
    {
        Router::group('/analytics', function (): void {
            Router::get('/dashboards', [DashboardController::class, 'index']);
        });
        Dispatcher::listen('http.request', [RequestCounter::class, 'count']);
        Hooks::on('http.request', [RequestCounter::class, 'count']);
    }
}
`,
      'src/DashboardController.php': controller('JohnDoe\\AnalyticsPro', 'DashboardController', 'analytics_dashboards'),
      'assets/dashboard.js': `// Draws the KPI tiles of a dashboard.
export function renderTiles(root, kpis) {
  for (const kpi of kpis) {
    const tile = document.createElement('div');
    tile.className = 'kpi-tile';
    tile.textContent = \`\${kpi.label}: \${kpi.value}\`;
    root.append(tile);
  }
}
`,
      'README.md': `# Analytics Pro ${version}\n\nDashboards and reports over your Webkernel data.\n`,
    },
  })),
];

/** The demo release's archive: stored entries with a fixed time, so the bytes (and sha256) never change. */
export function buildDemoArtifact(r: DemoRelease): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date('2024-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(JSON.stringify(r.manifest, null, 2)), MANIFEST_FILENAME, { mtime, compress: false, mode: 0o100644 });
  for (const [name, text] of Object.entries(r.files)) zip.addBuffer(Buffer.from(text), name, { mtime, compress: false, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export const DEMO_RELEASES: readonly DemoRelease[] = RELEASES;

/**
 * Builds, stores and records the demo releases' artifacts, then runs their checks. Touches only
 * rows that are the demo data's releases (same id, module and version, seed hash or own artifact).
 */
export async function ensureDemoArtifacts(
  deps: BaseDeps,
  o: { checks: 'inline' | 'queue' } = { checks: 'inline' },
): Promise<{ built: number; checked: number }> {
  const storage = deps.services.storage;
  if (!storage) return { built: 0, checked: 0 };
  let built = 0;
  const toCheck: number[] = [];
  const dir = path.join(tmpdir(), 'wk-demo-artifacts');
  await mkdir(dir, { recursive: true });
  // Several processes may start at once on a fresh database: one builds, the others then find it done.
  await deps.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(71405140)`;
      for (const r of RELEASES) {
        const v = await tx.moduleVersion.findUnique({ where: { id: r.versionId }, include: { module: { select: { slug: true } } } });
        if (!v || v.module.slug !== r.slug || v.version !== r.version) continue;
        const seedRow = !SHA256.test(v.hash ?? '') || v.importedHash !== null;
        if (!seedRow) continue; // a real upload under this id: not ours
        if (hasArtifact(v) && (await storage.exists(v.artifactKey!))) {
          if (!(await tx.moduleVersionCheck.count({ where: { versionId: v.id } }))) {
            await queueChecks(tx, v.id, deps.clock.now());
            toCheck.push(v.id);
          }
          continue;
        }
        const bytes = await buildDemoArtifact(r);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const key = artifactKey(r.slug, r.version, sha256);
        const tmp = path.join(dir, `${r.slug}-${r.version}-${randomBytes(4).toString('hex')}.zip`);
        await writeFile(tmp, bytes);
        try {
          await storage.put(key, tmp);
        } finally {
          await rm(tmp, { force: true });
        }
        await tx.moduleVersion.update({
          where: { id: v.id },
          data: {
            importedHash: v.importedHash ?? (SHA256.test(v.hash ?? '') ? null : v.hash),
            hash: sha256,
            artifactKey: key,
            sizeBytes: BigInt(bytes.length),
            manifest: r.manifest as Prisma.InputJsonValue,
            // A new artifact: a signature of the old one no longer applies (the backfill signs the new one).
            artifactSignature: null,
            signatureKeyId: null,
            signedAt: null,
          },
        });
        await queueChecks(tx, v.id, deps.clock.now());
        built++;
        toCheck.push(v.id);
      }
    },
    { timeout: 120_000, maxWait: 120_000 },
  );
  // Inline when preparing a database (tests); on start, the job worker runs them (its sweep runs on start).
  if (o.checks === 'inline') for (const id of toCheck) await runVersionChecks(deps, id, { audit: false }); // loading demo data, not an action
  return { built, checked: toCheck.length };
}
