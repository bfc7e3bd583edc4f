export * from './identities';
export * from './channels';
export * from './permissions';
export * from './message-signatures';
export * from './registry-entries';
export * from './sites';
export * from './authenticity';
export * from './request-signatures';
