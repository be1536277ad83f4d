export * from './reference';
export * from './users';
export * from './organisations';
export * from './audit';
export * from './mail';
export * from './notifications';
export * from './projects';
export * from './calls';
