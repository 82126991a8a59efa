export * from './client';
export * from './embedded';
export * from './migrate';
export * from './migration-lock';
export * from './pg-config';
export * from './database';
export * from './seed';
export * from './fingerprint';
export * as seedData from './seed-data';
