import { ActivationHint } from './activation.types';

/** Messages the activation and the planner share. */
export const hint = (code: string, message: string, moduleId: number | null = null): ActivationHint =>
  Object.assign(new ActivationHint(), { code, message, moduleId });
export const fmtDate = (d: Date) => d.toISOString().slice(0, 10);
export const builtInText = (module: string, software: string) =>
  `${module} is a core module of ${software}: it is built into every ${software} instance, always active, and cannot be activated or deactivated by hand.`;
export const coreStatusText = (c: { name: string; version: string; validationStatus: string }) =>
  c.validationStatus === 'rejected'
    ? `${c.name} ${c.version} was rejected by the platform: plan a core change.`
    : `${c.name} ${c.version} is still pending platform validation.`;
