export * from './artifact-limits';
export * from './artifact-storage';
export * from './aws-sigv4';
export * from './module-manifest';
export * from './upload-receiver';
export * from './zip-inspect';
