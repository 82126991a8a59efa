import type { PrismaClient } from '@wk/db';
import type { AppConfig } from './core/config';
import type { Clock } from './core/clock';
import type { Services } from './core/services';
import { createPaymentProvider } from './modules/payments/payment.service';
import { createMailer } from './modules/notifications/mailer';
import { createArtifactStorageFromEnv, loadArtifactLimits } from './modules/artifacts';
import { defaultUploadTmpDir } from './modules/publishing/upload.routes';
import { loadReviewLimits } from './modules/version-checks/review-limits';

/** Creates the infrastructure services from configuration (payments, storage, mail, jobs). */
export async function createServices(_deps: { prisma: PrismaClient; config: AppConfig; clock: Clock }): Promise<Services> {
  return {
    payments: createPaymentProvider(process.env),
    mailer: createMailer(process.env),
    storage: createArtifactStorageFromEnv(process.env),
    artifactLimits: loadArtifactLimits(process.env),
    reviewLimits: loadReviewLimits(process.env),
    uploadTmpDir: defaultUploadTmpDir(process.env),
  };
}
