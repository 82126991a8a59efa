// The receipts module's public surface: other modules, jobs and the app import only this file.
export { Receipt, ReceiptLine } from './receipt.types';
export { toReceipt } from './receipt.mapper';
export {
  createInvoice,
  getReceiptByNumber,
  receiptDownloadPath,
  receiptLines,
  receiptNotes,
  receiptsOfLicense,
  requireReceiptAccess,
} from './receipt.service';
