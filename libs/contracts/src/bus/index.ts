export * from './identities';
export * from './channels';
export * from './permissions';
export * from './sites';
