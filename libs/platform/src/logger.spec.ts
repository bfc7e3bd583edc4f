import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { createRootLogger, type Logger } from './logger';

const TOKEN = 'Bearer 6f1c0d9e-secret-token-of-an-officer';

/** A root logger whose lines are kept here rather than written to stdout. */
function captured(): { logger: Logger; lines: string[] } {
  const logger = createRootLogger('gateway', 'info');
  const lines: string[] = [];
  const destination = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  destination.write = (line: string) => {
    lines.push(line);
    return true;
  };
  return { logger, lines };
}

describe(createRootLogger.name, () => {
  it('writes a request’s Authorization and Cookie headers as [redacted], as pino-http logs them', async () => {
    const { logger, lines } = captured();
    const log = pinoHttp({ logger: logger.child({ context: 'http' }) });
    const server: Server = createServer((req, res) => {
      log(req, res);
      res.statusCode = 401;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/api/v1/inbox`, { headers: { authorization: TOKEN, cookie: 'sid=secret' } });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({
      app: 'gateway',
      context: 'http',
      req: { url: '/api/v1/inbox', headers: { authorization: '[redacted]', cookie: '[redacted]' } },
    });
    expect(lines[0]).not.toContain('secret');
  });

  it('redacts every path it lists, in child loggers too', () => {
    const { logger, lines } = captured();
    const child = logger.child({ context: 'Test' });
    child.warn({ headers: { authorization: TOKEN } }, 'a call');
    child.warn({ token: 'plain-secret', issued: { token: 'nested-secret', id: 'token-id-1' } }, 'issued');
    logger.info({ adminToken: 'admin-secret' }, 'config');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ context: 'Test', headers: { authorization: '[redacted]' } }),
      expect.objectContaining({ token: '[redacted]', issued: { token: '[redacted]', id: 'token-id-1' } }),
      expect.objectContaining({ adminToken: '[redacted]' }),
    ]);
    expect(lines.join('')).not.toMatch(/secret/);
  });
});
