import type { Express } from 'express';
import type { BaseDeps } from '../../core/context';
import { documentRoute } from '../../core/rest';
import { requestContext } from '../auth';
import { billingPdf } from './billing.service';

/**
 * GET /api/billing/:number.pdf — an invoice (INV-…) or credit note (CN-…) as PDF, with the
 * receipts gate of the GraphQL API: anonymous → 401, another org's document or an unknown
 * number → 404, a member without a billing permission → 403.
 */
export function mountBillingRoutes(app: Express, deps: BaseDeps): void {
  app.get(
    '/api/billing/:file',
    documentRoute({
      label: 'billing document',
      pattern: /^((?:INV|CN)-\d{4}-\d{6,})\.pdf$/,
      notFound: 'Document not found.',
      context: (req, res) => requestContext(deps, req, res),
      send: async (ctx, number, _req, res) => {
        const pdf = await billingPdf(ctx, number);
        res
          .status(200)
          .type('application/pdf')
          .setHeader('Content-Disposition', `attachment; filename="${number}.pdf"`)
          .setHeader('Content-Length', String(pdf.length))
          .send(pdf);
      },
    }),
  );
}
