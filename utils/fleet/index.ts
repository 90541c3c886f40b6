export * from './model';
export * from './pacing';
export * from './progress';
export * from './scan';
export * from './scheduler';
