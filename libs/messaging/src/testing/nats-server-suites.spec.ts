import { natsServerSuites, runningInCi, withNatsServer } from './nats-server-suites';

describe(natsServerSuites.name, () => {
  it('runs the suites wherever nats-server is installed', () => {
    expect(natsServerSuites({ natsServer: '/usr/sbin/nats-server', ci: false })).toBe('run');
    expect(natsServerSuites({ natsServer: '/usr/sbin/nats-server', ci: true })).toBe('run');
  });

  it('skips them on a developer machine without nats-server', () => {
    expect(natsServerSuites({ ci: false })).toBe('skip');
  });

  it('fails them in CI without nats-server, saying what is missing', () => {
    expect(() => natsServerSuites({ ci: true })).toThrow(/nats-server is not installed.*in CI/);
  });
});

describe(withNatsServer.name, () => {
  const block = Object.assign(() => undefined, { skip: () => undefined });
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  it('answers the block itself when nats-server is installed, without a warning', () => {
    expect(withNatsServer(block, 'the secured bus', { natsServer: '/usr/bin/nats-server', ci: true })).toBe(block);
    expect(warn).not.toHaveBeenCalled();
  });

  it('answers its skip with a warning naming the suite on a developer machine', () => {
    expect(withNatsServer(block, 'the secured bus', { ci: false })).toBe(block.skip);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^the secured bus skipped: nats-server is not installed/));
  });

  it('throws in CI, so that the suite fails instead of passing unrun', () => {
    expect(() => withNatsServer(block, 'the secured bus', { ci: true })).toThrow(/in CI/);
  });
});

describe(runningInCi.name, () => {
  it('reads CI as CI services set it, and jest --ci', () => {
    expect(runningInCi({ CI: 'true' }, false)).toBe(true);
    expect(runningInCi({ CI: '1' }, false)).toBe(true);
    expect(runningInCi({}, true)).toBe(true);
    expect(runningInCi({}, false)).toBe(false);
    expect(runningInCi({ CI: 'false' }, false)).toBe(false);
    expect(runningInCi({ CI: '' }, false)).toBe(false);
  });
});
