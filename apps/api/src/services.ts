import './memory';
import type { PrismaClient } from '@wk/db';
import type { AppConfig } from './core/config';
import type { Clock } from './core/clock';
import type { Services } from './core/services';
import { createPaymentProvider } from './modules/payments';
import { createMailer } from './modules/notifications';
import { createArtifactStorage } from './modules/artifacts';
import { loadSigningKeys } from './modules/license-files';

/** Creates the infrastructure services from configuration (payments, storage, mail, jobs). */
export async function createServices(deps: { prisma: PrismaClient; config: AppConfig; clock: Clock }): Promise<Services> {
  const { config } = deps;
  return {
    payments: createPaymentProvider(config, deps.prisma),
    mailer: createMailer(config.mail),
    storage: createArtifactStorage(config.storage),
    artifactLimits: config.artifactLimits,
    reviewLimits: config.reviewLimits,
    uploadTmpDir: config.uploadTmpDir,
    signing: loadSigningKeys(config.signing),
  };
}
