import { IrenApiError, IrenNetworkError } from '@iren/client';
import { ExitCode, exitCodeFor, MissingTokenError, RefusedError, UsageError, worse } from './exit-codes';

describe('exit codes', () => {
  it('keep their documented numbers (scripts depend on them)', () => {
    expect(ExitCode).toEqual({ OK: 0, USAGE: 1, REFUSED: 2, AUTH: 3, UNAVAILABLE: 4, VERIFICATION_FAILED: 5 });
  });

  it.each([
    [400, ExitCode.REFUSED],
    [404, ExitCode.REFUSED],
    [409, ExitCode.REFUSED],
    [413, ExitCode.REFUSED],
    [401, ExitCode.AUTH],
    [403, ExitCode.AUTH],
    [429, ExitCode.UNAVAILABLE],
    [500, ExitCode.UNAVAILABLE],
    [503, ExitCode.UNAVAILABLE],
  ])('answer %i from the API exits %i', (status, code) => {
    expect(exitCodeFor(new IrenApiError(status, 'x'))).toBe(code);
  });

  it('map the CLI own errors', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(ExitCode.USAGE);
    expect(exitCodeFor(new MissingTokenError('x'))).toBe(ExitCode.AUTH);
    expect(exitCodeFor(new RefusedError('x'))).toBe(ExitCode.REFUSED);
    expect(exitCodeFor(new IrenNetworkError('http://x', new Error('ECONNREFUSED')))).toBe(ExitCode.UNAVAILABLE);
  });

  it('of many outcomes, keep the worst', () => {
    expect(worse(ExitCode.OK, ExitCode.REFUSED)).toBe(ExitCode.REFUSED);
    expect(worse(ExitCode.UNAVAILABLE, ExitCode.REFUSED)).toBe(ExitCode.UNAVAILABLE);
    expect(worse(ExitCode.AUTH, ExitCode.UNAVAILABLE)).toBe(ExitCode.AUTH);
  });
});
