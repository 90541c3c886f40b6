export * from './client';
export * from './error-body';
export * from './errors';
export * from './schemas';
export * from './status';
export * from './versions';
