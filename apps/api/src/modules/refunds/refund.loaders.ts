import type { CreditNoteLine } from '@wk/db';
import type { Context } from '../../core/context';
import { groupedBy } from '../../core/loaders';

/** The lines of credit notes, by note id (per request). */
export const linesLoader = (ctx: Context) =>
  ctx.loaders.lazy('refunds.linesByNote', () =>
    groupedBy(
      (ids: number[]) => ctx.prisma.creditNoteLine.findMany({ where: { creditNoteId: { in: ids } }, orderBy: { id: 'asc' } }),
      (l: CreditNoteLine) => l.creditNoteId,
    ),
  );
