import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';
import { ExitCode } from '../exit-codes';
import type { CliIo } from '../output';
import { publishCommand } from './publish.command';

/** A stand-in gateway: `answer` decides each POST /messages from its body. */
async function gateway(answer: (body: { body: { title: string } }) => [number, unknown]) {
  const titles: string[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const body = JSON.parse(text);
      titles.push(body.body.title);
      const [status, payload] = answer(body);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, titles, close: () => new Promise<void>((done) => server.close(() => done())) };
}

describe(publishCommand.name, () => {
  let dir: string;
  let out: string;
  const io: CliIo = { out: (t) => void (out += t), err: () => undefined, readStdin: async () => '', errIsTty: false };
  const file = () => {
    const path = join(dir, 'alerts.json');
    writeFileSync(
      path,
      JSON.stringify(['one', 'two', 'three', 'four'].map((title) => ({ kind: 'ALERT', body: { title } }))),
    );
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iren-publish-'));
    out = '';
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes every item, reporting the refused one with the fields the API named (exit 2)', async () => {
    const api = await gateway(({ body }) =>
      body.title === 'two'
        ? [
            400,
            {
              statusCode: 400,
              message: 'invalid input',
              fields: [{ field: 'tlp', messages: ['tlp must be one of ...'] }],
            },
          ]
        : [202, { id: `id-${body.title}`, status: 'ACCEPTED' }],
    );
    try {
      const code = await runCli(['publish', file(), '--json', '--url', api.url, '--token', 't'], io, {});
      expect(code).toBe(ExitCode.REFUSED);
      expect(JSON.parse(out)).toEqual({
        accepted: [
          { item: 1, id: 'id-one' },
          { item: 3, id: 'id-three' },
          { item: 4, id: 'id-four' },
        ],
        refused: [{ item: 2, status: 400, reasons: ['tlp: tlp must be one of ...'] }],
      });
      expect(api.titles.sort()).toEqual(['four', 'one', 'three', 'two']);
    } finally {
      await api.close();
    }
  });

  it('stops sending once the API is unavailable or refuses the token, naming the rows not sent', async () => {
    for (const [status, code] of [
      [503, ExitCode.UNAVAILABLE],
      [401, ExitCode.AUTH],
    ] as const) {
      out = '';
      const api = await gateway(() => [status, { statusCode: status, message: 'no' }]);
      try {
        expect(await runCli(['publish', file(), '--concurrency', '1', '--url', api.url, '--token', 't'], io, {})).toBe(
          code,
        );
        expect(api.titles).toEqual(['one']);
        expect(out).toMatch(new RegExp(`^0 accepted, 4 refused\\n  item 1: refused \\(${status}\\): no\\n`));
        expect(out).toContain(
          `item 4: refused: not sent: ${status === 401 ? 'the token was refused' : 'the API is unavailable'}`,
        );
      } finally {
        await api.close();
      }
    }
  });
});
