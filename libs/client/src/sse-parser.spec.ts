import fc from 'fast-check';
import { SseParser, type ServerSentEvent } from './sse-parser';

const STREAM =
  'retry: 2000\n: connected\n\n' +
  'id: c1\nevent: delivery\ndata: {"a":1}\n\n' +
  ': heartbeat\n\n' +
  'data: line one\r\ndata: line two\r\n\r\n' +
  'id: c2\revent: closed\rdata:{"statusCode":401}\r\r';

const EXPECTED: ServerSentEvent[] = [
  { event: 'delivery', data: '{"a":1}', id: 'c1' },
  { event: 'message', data: 'line one\nline two', id: 'c1' },
  { event: 'closed', data: '{"statusCode":401}', id: 'c2' },
];

describe(SseParser.name, () => {
  it('parses events, comments, retry and every line ending of the standard', () => {
    const comments: string[] = [];
    const parser = new SseParser((c) => comments.push(c));
    expect(parser.push(STREAM)).toEqual(EXPECTED);
    expect(comments).toEqual(['connected', 'heartbeat']);
    expect(parser.retryMs).toBe(2000);
    expect(parser.lastEventId).toBe('c2');
  });

  it('gives the same events however the text is cut into chunks, CR and LF of one line split included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set([0, ...cuts, STREAM.length])].sort((a, b) => a - b);
        const parser = new SseParser();
        const events = points.slice(1).flatMap((end, i) => parser.push(STREAM.slice(points[i], end)));
        expect(events).toEqual(EXPECTED);
      }),
    );
  });

  it('dispatches nothing without data, ignores unknown fields and ids holding NUL, keeps an unfinished event', () => {
    const parser = new SseParser();
    expect(parser.push('event: delivery\n\nfoo: bar\nid: a\0b\ndata\n\n')).toEqual([
      { event: 'message', data: '', id: '' },
    ]);
    expect(parser.push('retry: soon\ndata: half')).toEqual([]);
    expect(parser.retryMs).toBeUndefined();
    expect(parser.push('\n\n')).toEqual([{ event: 'message', data: 'half', id: '' }]);
  });
});
