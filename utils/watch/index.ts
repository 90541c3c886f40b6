export * from './check';
export * from './model';
