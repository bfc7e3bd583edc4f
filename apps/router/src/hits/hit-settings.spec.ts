import { DEFAULT_HIT_DIGEST_SECONDS, loadHitDigestConfig } from './hit-settings';

describe(loadHitDigestConfig.name, () => {
  it('reads IREN_HIT_DIGEST_SECONDS: an hour unless set, 1 to 604800', () => {
    expect(loadHitDigestConfig({})).toEqual({ hitDigestSeconds: DEFAULT_HIT_DIGEST_SECONDS });
    expect(DEFAULT_HIT_DIGEST_SECONDS).toBe(3600);
    expect(loadHitDigestConfig({ IREN_HIT_DIGEST_SECONDS: '' }).hitDigestSeconds).toBe(3600);
    expect(loadHitDigestConfig({ IREN_HIT_DIGEST_SECONDS: '1' }).hitDigestSeconds).toBe(1);
    expect(loadHitDigestConfig({ IREN_HIT_DIGEST_SECONDS: '604800' }).hitDigestSeconds).toBe(604800);
  });

  it.each(['0', '604801', '7.5', '-5', 'hour', ' 60'])('refuses %j, naming the variable', (bad) => {
    expect(() => loadHitDigestConfig({ IREN_HIT_DIGEST_SECONDS: bad })).toThrow(/^IREN_HIT_DIGEST_SECONDS: /);
  });
});
