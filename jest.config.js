// One jest configuration for unit, integration and end-to-end suites.
// NestJS 12 ships as native ES modules; jest's CommonJS runtime cannot require them,
// so @swc/jest compiles those packages to CommonJS along with our TypeScript.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit'];

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^@iren/(client|contracts|filters|ledger|messaging|platform)$': '<rootDir>/libs/$1/src/index.ts',
    // Test doubles of the bus's keys, for tests only (never built into dist).
    '^@iren/messaging/testing$': '<rootDir>/libs/messaging/src/testing/index.ts',
    // What of the contracts the web console bundles for the browser, as its own module.
    '^@iren/contracts/ledger-leaf$': '<rootDir>/libs/contracts/src/ledger-leaf.ts',
  },
};

module.exports = {
  // Suites on the real PostgreSQL and NATS start apps in their hooks; on a loaded two-core CI machine
  // that outlasts jest's 5 s default. A suite that needs longer still says so with jest.setTimeout.
  // (A global option: jest reads no testTimeout from a project.)
  testTimeout: 30_000,
  // The fault scenarios, minutes each, start first: test/longest-first.sequencer.js says why.
  testSequencer: '<rootDir>/test/longest-first.sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      rootDir: __dirname,
      testMatch: ['<rootDir>/{apps,libs,bench}/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Fault scenarios (README, Operations, "Fault suite"): the apps built into dist/ (its global setup
    // builds them) run as processes on a PostgreSQL and a NATS of their own, broken under load.
    {
      ...common,
      displayName: 'faults',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/faults/build-dist.ts',
    },
  ],
};
