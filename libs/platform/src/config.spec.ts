import {
  ConfigError,
  ENVIRONMENT_VARIABLES,
  loadBaseConfig,
  loadAuditConfig,
  loadGatewayConfig,
  loadRegistryConfig,
  loadRouterConfig,
  loadServiceConfig,
} from './config';

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
      reconcileAfterSeconds: 300,
      placement: { at: 'hub', sites: [] },
      port: 3000,
      adminToken: admin.IREN_ADMIN_TOKEN,
      corsOrigins: [],
      rateLimits: { publishPerMinute: 60, requestsPerMinute: 600, streamsPerNode: 5 },
      maxBodyBytes: 262144,
      deadlineScanMs: 60000,
      registryFollowSeconds: 180,
    });
    expect(loadRegistryConfig({ ...admin }).seedDemo).toBe(false);
  });

  it.each([
    [{ NATS_URL: 'http://x' }, 'NATS_URL'],
    [{ NATS_URL: 'not a url' }, 'NATS_URL'],
    [{ NATS_URL: 'nats://127.0.0.1:4222,http://127.0.0.1:4223' }, 'NATS_URL'],
    [{ NATS_URL: 'nats://127.0.0.1:4222,,nats://127.0.0.1:4223' }, 'NATS_URL'],
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
    [{ IREN_DEADLINE_SCAN_MS: '99' }, 'IREN_DEADLINE_SCAN_MS'],
    [{ IREN_DEADLINE_SCAN_MS: '1m' }, 'IREN_DEADLINE_SCAN_MS'],
  ])('refuses %j naming %s', (env, variable) => {
    const attempt = () => loadGatewayConfig({ ...admin, ...env });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it("takes a cluster's servers as a comma-separated NATS_URL", () => {
    const natsUrl = 'nats://127.0.0.1:4222, nats://127.0.0.1:4223,nats://127.0.0.1:4224';
    expect(loadServiceConfig({ NATS_URL: natsUrl }).natsUrl).toBe(natsUrl);
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

  it('reads the audit checkpoint settings with their defaults and refuses bad ones by name', () => {
    expect(loadAuditConfig({})).toMatchObject({ checkpointEvery: 100, checkpointSeconds: 10 });
    expect(loadAuditConfig({}).signingKeyPem).toBeUndefined();
    expect(() => loadAuditConfig({ IREN_CHECKPOINT_EVERY: '0' })).toThrow(/^IREN_CHECKPOINT_EVERY: /);
    expect(() => loadAuditConfig({ IREN_CHECKPOINT_SECONDS: 'soon' })).toThrow(/^IREN_CHECKPOINT_SECONDS: /);
    expect(() => loadAuditConfig({ IREN_AUDIT_SIGNING_KEY: 'secret' })).toThrow(/^IREN_AUDIT_SIGNING_KEY: /);
  });

  it("reads the ledger writer's lease: 5 seconds unless set, 1 to 300", () => {
    expect(loadAuditConfig({}).ledgerLeaseSeconds).toBe(5);
    expect(loadAuditConfig({ IREN_LEDGER_LEASE_SECONDS: '15' }).ledgerLeaseSeconds).toBe(15);
    expect(() => loadAuditConfig({ IREN_LEDGER_LEASE_SECONDS: '0' })).toThrow(/^IREN_LEDGER_LEASE_SECONDS: /);
    expect(() => loadAuditConfig({ IREN_LEDGER_LEASE_SECONDS: '2.5' })).toThrow(/^IREN_LEDGER_LEASE_SECONDS: /);
  });

  it('reads the clock skew of the router and the audit: 600 seconds unless set, 1 to 86400', () => {
    expect(loadRouterConfig({}).clockSkewSeconds).toBe(600);
    expect(loadAuditConfig({ IREN_CLOCK_SKEW_SECONDS: '30' }).clockSkewSeconds).toBe(30);
    expect(() => loadRouterConfig({ IREN_CLOCK_SKEW_SECONDS: '0' })).toThrow(/IREN_CLOCK_SKEW_SECONDS/);
  });

  it('reads the allowed web origins, refusing anything but bare origins', () => {
    expect(
      loadGatewayConfig({ ...admin, IREN_CORS_ORIGINS: 'https://a.example.org, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://a.example.org', 'http://localhost:5173']);
    for (const bad of ['*', 'https://a.example.org/path', 'ftp://x.org', 'a.example.org']) {
      expect(() => loadGatewayConfig({ ...admin, IREN_CORS_ORIGINS: bad })).toThrow(/IREN_CORS_ORIGINS/);
    }
  });

  it('reads the rate limits and refuses zero', () => {
    const config = loadGatewayConfig({ ...admin, IREN_PUBLISH_PER_MINUTE: '10', IREN_STREAMS_PER_NODE: '2' });
    expect(config.rateLimits).toEqual({ publishPerMinute: 10, requestsPerMinute: 600, streamsPerNode: 2 });
    expect(() => loadGatewayConfig({ ...admin, IREN_STREAMS_PER_NODE: '0' })).toThrow(/IREN_STREAMS_PER_NODE/);
  });

  it('reads NATS_CREDS_DIR when set, and leaves it out otherwise', () => {
    expect(loadServiceConfig({}).natsCredsDir).toBeUndefined();
    expect(loadServiceConfig({ NATS_CREDS_DIR: '/etc/iren/nats' }).natsCredsDir).toBe('/etc/iren/nats');
  });

  it('reads the hit window of the router: 90 days unless set, 1 to 3650', () => {
    expect(loadRouterConfig({}).hitWindowDays).toBe(90);
    expect(loadRouterConfig({ IREN_HIT_WINDOW_DAYS: '365' }).hitWindowDays).toBe(365);
    for (const bad of ['0', '3651', '7.5', 'week']) {
      expect(() => loadRouterConfig({ IREN_HIT_WINDOW_DAYS: bad })).toThrow(/^IREN_HIT_WINDOW_DAYS: /);
    }
  });

  it('reads the digest interval of hits: an hour unless set, 1 s to a week, naming the variable when wrong', () => {
    expect(loadRouterConfig({}).hitDigestSeconds).toBe(3600);
    expect(loadRouterConfig({ IREN_HIT_DIGEST_SECONDS: '1' }).hitDigestSeconds).toBe(1);
    expect(loadRouterConfig({ IREN_HIT_DIGEST_SECONDS: '604800' }).hitDigestSeconds).toBe(604800);
    for (const bad of ['0', '604801', '7.5', 'hour']) {
      expect(() => loadRouterConfig({ IREN_HIT_DIGEST_SECONDS: bad })).toThrow(/^IREN_HIT_DIGEST_SECONDS: /);
    }
  });

  it('places an app at the hub with its national sites, or at one site, naming the variable when wrong', () => {
    expect(loadBaseConfig({ IREN_SITES: 'KZ, UZ' }).placement).toEqual({ at: 'hub', sites: ['KZ', 'UZ'] });
    expect(loadBaseConfig({ IREN_SITE: 'KZ' }).placement).toEqual({ at: 'site', country: 'KZ' });
    expect(() => loadBaseConfig({ IREN_SITE: 'kz' })).toThrow(/^IREN_SITE: "kz" is not an ISO 3166-1 alpha-2/);
    expect(() => loadBaseConfig({ IREN_SITES: 'KZ,KAZ' })).toThrow(/^IREN_SITES: "KAZ" is not/);
    expect(() => loadBaseConfig({ IREN_SITES: 'KZ,KZ' })).toThrow(/^IREN_SITES: "KZ,KZ" repeats a country/);
    expect(() => loadBaseConfig({ IREN_SITE: 'KZ', IREN_SITES: 'UZ' })).toThrow(/^IREN_SITE: .*not both/);
  });

  it('lists every variable it reads', () => {
    expect(Object.keys(ENVIRONMENT_VARIABLES).sort()).toEqual(
      [
        'DATABASE_URL',
        'IREN_ADMIN_TOKEN',
        'IREN_DEADLINE_SCAN_MS',
        'IREN_HIT_WINDOW_DAYS',
        'IREN_HIT_DIGEST_SECONDS',
        'IREN_AUDIT_SIGNING_KEY',
        'IREN_CHECKPOINT_EVERY',
        'IREN_CHECKPOINT_SECONDS',
        'IREN_LEDGER_LEASE_SECONDS',
        'IREN_CLOCK_SKEW_SECONDS',
        'IREN_CORS_ORIGINS',
        'IREN_DEMO_TOKENS_FILE',
        'IREN_PUBLISH_PER_MINUTE',
        'IREN_RECONCILE_AFTER_SECONDS',
        'IREN_REGISTRY_FOLLOW_SECONDS',
        'IREN_REQUESTS_PER_MINUTE',
        'IREN_STREAMS_PER_NODE',
        'IREN_MAX_BODY_BYTES',
        'IREN_NAMESPACE',
        'IREN_SEED_DEMO',
        'IREN_SITE',
        'IREN_SITES',
        'IREN_STREAM_MAX_BYTES',
        'IREN_STREAM_REPLICAS',
        'LOG_LEVEL',
        'NATS_CREDS_DIR',
        'NATS_URL',
        'PORT',
      ].sort(),
    );
  });
});
