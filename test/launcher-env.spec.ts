import { join } from 'node:path';
import { launcherEnvironment } from '../scripts/launcher-env';

const ADMIN = 'a'.repeat(32);
const STATE = '/srv/iren/.iren';

describe(launcherEnvironment.name, () => {
  it('seeds the demo unless told otherwise: npm start is the one command that does', () => {
    for (const unset of [undefined, '', '  ']) {
      const launch = launcherEnvironment({ IREN_SEED_DEMO: unset }, ADMIN, STATE);
      expect(launch.seedDemo).toBe(true);
      expect(launch.env.IREN_SEED_DEMO).toBe('true');
    }
  });

  it.each([
    ['0', false],
    ['no', false],
    ['false', false],
    ['FALSE', false],
    [' No ', false],
    ['1', true],
    ['yes', true],
    ['true', true],
  ])('reads IREN_SEED_DEMO=%j as the registry does: %s', (value, expected) => {
    const launch = launcherEnvironment({ IREN_SEED_DEMO: value }, ADMIN, STATE);
    expect(launch.seedDemo).toBe(expected);
    // The apps get the value as given, and parse it the same way.
    expect(launch.env.IREN_SEED_DEMO).toBe(value.trim());
  });

  it('refuses a value the registry would refuse, naming the variable', () => {
    expect(() => launcherEnvironment({ IREN_SEED_DEMO: 'maybe' }, ADMIN, STATE)).toThrow(/^IREN_SEED_DEMO: /);
  });

  it('keeps the demo tokens in the state directory unless IREN_DEMO_TOKENS_FILE says where', () => {
    expect(launcherEnvironment({}, ADMIN, STATE)).toMatchObject({
      tokensFile: join(STATE, 'demo-tokens.json'),
      env: { IREN_DEMO_TOKENS_FILE: join(STATE, 'demo-tokens.json') },
    });
    expect(launcherEnvironment({ IREN_DEMO_TOKENS_FILE: '/run/demo.json' }, ADMIN, STATE).tokensFile).toBe(
      '/run/demo.json',
    );
  });

  it('passes the caller’s environment on, with the admin token', () => {
    const { env } = launcherEnvironment({ NATS_URL: 'nats://127.0.0.1:4223', IREN_ADMIN_TOKEN: 'x' }, ADMIN, STATE);
    expect(env).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4223', IREN_ADMIN_TOKEN: ADMIN });
  });
});
