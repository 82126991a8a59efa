export * from './client';
export * from './embedded';
export * from './migrate';
export * from './pg-config';
export * from './database';
export * from '../generated/enums';
