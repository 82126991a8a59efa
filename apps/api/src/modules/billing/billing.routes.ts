import type { Express, Request, Response } from 'express';
import type { BaseDeps } from '../../core/context';
import { AppError } from '../../core/errors';
import { maskedMessage } from '../../core/logger';
import { requestContext } from '../auth';
import { httpStatusOf } from '../../core/rest';
import { billingPdf } from './billing.service';

/**
 * GET /api/billing/:number.pdf — an invoice (INV-…) or credit note (CN-…) as PDF, with the
 * receipts gate of the GraphQL API: anonymous → 401, another org's document or an unknown
 * number → 404, a member without a billing permission → 403.
 */
export function mountBillingRoutes(app: Express, deps: BaseDeps): void {
  app.get('/api/billing/:file', async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'private, no-store');
    const match = /^((?:INV|CN)-\d{4}-\d{6,})\.pdf$/.exec(String(req.params.file ?? ''));
    if (!match) {
      res.status(404).type('text/plain').send('Document not found.');
      return;
    }
    try {
      const ctx = await requestContext(deps, req, res);
      if (!ctx.user) {
        res.status(401).type('text/plain').send('Sign in to continue.');
        return;
      }
      const pdf = await billingPdf(ctx, match[1]!);
      res
        .status(200)
        .type('application/pdf')
        .setHeader('Content-Disposition', `attachment; filename="${match[1]}.pdf"`)
        .setHeader('Content-Length', String(pdf.length))
        .send(pdf);
    } catch (e) {
      if (e instanceof AppError) {
        res.status(httpStatusOf(e)).type('text/plain').send(e.message);
        return;
      }
      req.log.error({ err: e }, 'billing document could not be rendered');
      res
        .status(500)
        .type('text/plain')
        .send(maskedMessage(String(req.id)));
    }
  });
}
