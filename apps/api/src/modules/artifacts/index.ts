export * from './artifact-limits';
export * from './artifact-storage';
export * from './create-artifact-storage';
export * from './local-artifact-storage';
export * from './s3-artifact-storage';
export * from './module-manifest';
export * from './upload-receiver';
export * from './zip-inspect';
