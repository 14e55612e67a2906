export * from './places';
export * from './people';
export * from './topics';
export * from './audit';
export * from './votes';
export * from './requests';
export * from './sessions';
export * from './plans';
