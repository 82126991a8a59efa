/**
 * GET /api/vendor/:vendorId/sales.csv?from=YYYY-MM-DD&to=YYYY-MM-DD — a vendor's sales of any
 * date range (UTC days, both inclusive) as CSV, streamed row batch by row batch. Session cookie;
 * vendor members only (anyone else: 404). Bad dates: 400 `{ errors: [{ code, field, message }] }`.
 * Columns: sale_id, kind, record_id, sold_at, module, plan, buyer, currency, gross, commission, net
 * (amounts exact, two decimals; formulas neutralised so a spreadsheet never runs a buyer's name).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Express, Request, Response } from 'express';
import type { BaseDeps } from '../../core/context';
import { requestContext } from '../auth';
import { jsonRoute } from '../../core/rest';
import { requireVendorMember } from '../vendors';
import { salesForExport } from './payout.service';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const m = DAY.exec(v);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v ? d : null;
}

/** A cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection). */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export const CSV_COLUMNS = ['sale_id', 'kind', 'record_id', 'sold_at', 'module', 'plan', 'buyer', 'currency', 'gross', 'commission', 'net'];

export function mountSalesExportRoutes(app: Express, deps: BaseDeps): void {
  app.get(
    '/api/vendor/:vendorId/sales.csv',
    jsonRoute('sales export', (req, res) => exportSales(deps, req, res), { failure: 'The export failed' }),
  );
}

async function exportSales(deps: BaseDeps, req: Request, res: Response): Promise<void> {
  const notFound = () => res.status(404).json({ errors: [{ code: 'NOT_FOUND', message: 'Vendor not found.', field: 'vendorId' }] });
  const raw = String(req.params.vendorId);
  if (!/^\d{1,9}$/.test(raw)) return void notFound();
  const ctx = await requestContext(deps, req, res);
  if (!ctx.user)
    return void res.status(401).json({ errors: [{ code: 'UNAUTHENTICATED', message: 'Sign in to export sales.', field: null }] });
  const vendor = await requireVendorMember(ctx, Number(raw)).catch(() => null);
  if (!vendor) return void notFound();
  const from = parseDay(req.query.from);
  const to = parseDay(req.query.to);
  const errors = [
    ...(from ? [] : [{ code: 'INVALID_DATE', field: 'from', message: 'Give the first day as YYYY-MM-DD.' }]),
    ...(to ? [] : [{ code: 'INVALID_DATE', field: 'to', message: 'Give the last day as YYYY-MM-DD.' }]),
  ];
  if (from && to && from > to) errors.push({ code: 'INVALID_RANGE', field: 'to', message: 'The last day is before the first day.' });
  if (errors.length || !from || !to) return void res.status(400).json({ errors });
  const end = new Date(to.getTime() + 86_400_000);

  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="sales-${vendor.slug}-${req.query.from}-${req.query.to}.csv"`);
  res.setHeader('Cache-Control', 'private, no-store');
  const rows = Readable.from(
    (async function* () {
      for await (const s of salesForExport(ctx, vendor.id, from, end)) {
        yield [
          `${s.kind}:${s.id}`,
          s.kind,
          String(s.id),
          s.at.toISOString(),
          safeCell(s.module_name),
          safeCell(s.plan_name),
          safeCell(s.buyer_org_name),
          s.currency,
          s.gross,
          s.commission,
          s.net,
        ];
      }
    })(),
  );
  // csv-stringify is loaded by the first export, not at start (issue 16).
  const { stringify } = await import('csv-stringify');
  await pipeline(rows, stringify({ header: true, columns: CSV_COLUMNS }), res);
}
