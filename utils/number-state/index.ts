export * from './facts';
export * from './state';
export * from './tone';
