import { join } from 'node:path';
import { loadRegistryConfig } from '@iren/platform';

/** What `npm start` hands the four apps, and what it needs to know of the demo seed. */
export interface LauncherEnvironment {
  env: NodeJS.ProcessEnv;
  seedDemo: boolean;
  /** Where the registry writes the demo officers' tokens when it seeds. */
  tokensFile: string;
}

/**
 * The apps' environment under `npm start`: the caller's, with the admin token, and the two demo
 * variables defaulted for the demo — IREN_SEED_DEMO true (only here: false everywhere else) and
 * IREN_DEMO_TOKENS_FILE in `<stateDir>/demo-tokens.json`. IREN_SEED_DEMO is read by the registry's
 * own parser, so `0`, `no` or `false` mean the same here as there, and a bad value stops the start.
 */
export function launcherEnvironment(
  callerEnv: NodeJS.ProcessEnv,
  adminToken: string,
  stateDir: string,
): LauncherEnvironment {
  const tokensFile = callerEnv.IREN_DEMO_TOKENS_FILE?.trim() || join(stateDir, 'demo-tokens.json');
  // NATS_URL and NATS_CREDS_DIR, when set, reach the apps with the rest of the environment.
  const env = {
    ...callerEnv,
    IREN_ADMIN_TOKEN: adminToken,
    IREN_SEED_DEMO: callerEnv.IREN_SEED_DEMO?.trim() || 'true',
    IREN_DEMO_TOKENS_FILE: tokensFile,
  };
  return { env, seedDemo: loadRegistryConfig(env).seedDemo, tokensFile };
}
