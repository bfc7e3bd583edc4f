import { ConfigError, ENVIRONMENT_VARIABLES, loadGatewayConfig, loadRegistryConfig, loadServiceConfig } from './config';

const admin = { IREN_ADMIN_TOKEN: 'a'.repeat(32) };

describe('configuration', () => {
  it('applies the defaults of DESIGN section 9', () => {
    const config = loadGatewayConfig({ ...admin });
    expect(config).toEqual({
      natsUrl: 'nats://127.0.0.1:4222',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/iren',
      namespace: 'iren',
      logLevel: 'info',
      streamReplicas: 1,
      streamMaxBytes: 1073741824,
      port: 3000,
      adminToken: admin.IREN_ADMIN_TOKEN,
      maxBodyBytes: 262144,
    });
    expect(loadRegistryConfig({ ...admin }).seedDemo).toBe(true);
  });

  it.each([
    [{ NATS_URL: 'http://x' }, 'NATS_URL'],
    [{ NATS_URL: 'not a url' }, 'NATS_URL'],
    [{ DATABASE_URL: 'postgres://127.0.0.1:5432' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://h/db' }, 'DATABASE_URL'],
    [{ IREN_NAMESPACE: 'Has-Dash' }, 'IREN_NAMESPACE'],
    [{ IREN_NAMESPACE: 'a.b' }, 'IREN_NAMESPACE'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3e3' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ IREN_ADMIN_TOKEN: 'short' }, 'IREN_ADMIN_TOKEN'],
    [{ IREN_MAX_BODY_BYTES: '10' }, 'IREN_MAX_BODY_BYTES'],
    [{ IREN_STREAM_REPLICAS: '0' }, 'IREN_STREAM_REPLICAS'],
    [{ IREN_STREAM_MAX_BYTES: '1024' }, 'IREN_STREAM_MAX_BYTES'],
  ])('refuses %j naming %s', (env, variable) => {
    const attempt = () => loadGatewayConfig({ ...admin, ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it('requires the admin token for the gateway and the registry only', () => {
    expect(() => loadGatewayConfig({})).toThrow('IREN_ADMIN_TOKEN: is required');
    expect(() => loadRegistryConfig({})).toThrow('IREN_ADMIN_TOKEN: is required');
    expect(() => loadServiceConfig({})).not.toThrow();
  });

  it('reads IREN_SEED_DEMO as a boolean and refuses anything else', () => {
    expect(loadRegistryConfig({ ...admin, IREN_SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(() => loadRegistryConfig({ ...admin, IREN_SEED_DEMO: 'maybe' })).toThrow('IREN_SEED_DEMO');
  });

  it('lists every variable it reads', () => {
    expect(Object.keys(ENVIRONMENT_VARIABLES).sort()).toEqual(
      [
        'DATABASE_URL',
        'IREN_ADMIN_TOKEN',
        'IREN_MAX_BODY_BYTES',
        'IREN_NAMESPACE',
        'IREN_SEED_DEMO',
        'IREN_STREAM_MAX_BYTES',
        'IREN_STREAM_REPLICAS',
        'LOG_LEVEL',
        'NATS_URL',
        'PORT',
      ].sort(),
    );
  });
});
