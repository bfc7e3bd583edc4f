import { main, siteStreamsOptions } from '../scripts/site-streams';

const SITE_ENV = { NATS_URL: 'nats://127.0.0.1:4333', IREN_NAMESPACE: 'iren', IREN_STREAM_REPLICAS: '1' };

/** Runs the CLI with what it printed. */
async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; printed: string }> {
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const code = await main(argv, env, io);
  return { code, printed: lines.join('\n') };
}

describe(siteStreamsOptions.name, () => {
  it('takes the site from --site, in either case, and the rest from the environment as the apps read it', () => {
    const { country, config } = siteStreamsOptions(['--site', 'kz'], {
      ...SITE_ENV,
      IREN_STREAM_MAX_BYTES: '67108864',
    });
    expect(country).toBe('KZ');
    expect(config).toMatchObject({
      natsUrl: 'nats://127.0.0.1:4333',
      namespace: 'iren',
      streamReplicas: 1,
      streamMaxBytes: 64 * 1024 ** 2,
    });
    expect(config.natsCredsDir).toBeUndefined();
    expect(siteStreamsOptions(['--site', 'KZ'], { ...SITE_ENV, IREN_SITE: 'KZ' }).country).toBe('KZ');
  });

  it.each([
    [[], /--site is required/],
    [['--site'], /--site/],
    [['--site', 'KAZ'], /--site: site country "KAZ" must be an ISO 3166-1 alpha-2 code/],
    [['--site', 'KZ', '--nodes', 'A'], /Unknown option '--nodes'/],
  ])('refuses %j', (argv, message) => {
    expect(() => siteStreamsOptions(argv, SITE_ENV)).toThrow(message);
  });

  it("refuses another site's IREN_SITE and the hub's IREN_SITES, and a bad variable by its name", () => {
    expect(() => siteStreamsOptions(['--site', 'KZ'], { ...SITE_ENV, IREN_SITE: 'UZ' })).toThrow(
      /--site KZ but IREN_SITE is UZ/,
    );
    expect(() => siteStreamsOptions(['--site', 'KZ'], { ...SITE_ENV, IREN_SITES: 'KZ' })).toThrow(/IREN_SITES is set/);
    expect(() => siteStreamsOptions(['--site', 'KZ'], { ...SITE_ENV, IREN_STREAM_REPLICAS: '0' })).toThrow(
      /IREN_STREAM_REPLICAS: "0" must be a whole number from 1 to 5/,
    );
    expect(() => siteStreamsOptions(['--site', 'KZ'], { ...SITE_ENV, NATS_URL: 'http://x' })).toThrow(/NATS_URL/);
  });
});

describe('site-streams exit codes', () => {
  it('exits 2 with the usage on a usage or configuration error, before connecting', async () => {
    const usage = await run([], SITE_ENV);
    expect(usage.code).toBe(2);
    expect(usage.printed).toMatch(/site-streams: --site is required\nusage: site-streams --site <CC>/);
    const config = await run(['--site', 'KZ'], { ...SITE_ENV, IREN_NAMESPACE: 'Bad-Name' });
    expect(config.code).toBe(2);
    expect(config.printed).toMatch(/IREN_NAMESPACE: "Bad-Name" must be/);
  });

  it("exits 1 naming the file when the operators' credentials are missing", async () => {
    const missing = await run(['--site', 'KZ'], { ...SITE_ENV, NATS_CREDS_DIR: '/nonexistent/creds' });
    expect(missing.code).toBe(1);
    expect(missing.printed).toMatch(
      /NATS_CREDS_DIR: cannot read the operators' credentials \/nonexistent\/creds\/ops\.creds \(ENOENT\)/,
    );
  });

  it('exits 1 naming the server it could not reach', async () => {
    // Port 9 (discard) is closed on loopback: refused at once.
    const unreachable = await run(['--site', 'KZ'], { ...SITE_ENV, NATS_URL: 'nats://127.0.0.1:9' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.printed).toMatch(/site-streams: cannot connect to nats:\/\/127\.0\.0\.1:9/);
  });
});
