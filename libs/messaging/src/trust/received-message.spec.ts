import { headers } from '@nats-io/transport-node';
import { HEADERS } from '@iren/contracts';
import { jsMsgOf } from '../testing/hostile-headers';
import { headerOf, receivedMessage } from './received-message';

const data = new TextEncoder().encode('{}');

describe(headerOf.name, () => {
  it('reads a header, and answers undefined for one absent or empty', () => {
    const h = headers();
    h.set(HEADERS.correlationId, 'corr-1');
    h.set(HEADERS.msgId, '');
    const msg = jsMsgOf({ subject: 's', data, headers: h });
    expect(headerOf(msg, HEADERS.correlationId)).toBe('corr-1');
    expect(headerOf(msg, HEADERS.msgId)).toBeUndefined();
    expect(headerOf(jsMsgOf({ subject: 's', data }), HEADERS.correlationId)).toBeUndefined();
  });

  it('answers undefined, rather than throwing, for a header block nats.js cannot decode', () => {
    // What the server relays as published: nats.js throws on the name with a space when headers are first read.
    const msg = jsMsgOf({
      subject: 's',
      data,
      headers: { status: 'NATS/1.0', lines: ['Bad Key: x', 'Iren-Correlation-Id: c'] },
    });
    expect(() => msg.headers).toThrow(/not a valid character/);
    expect(headerOf(msg, HEADERS.correlationId)).toBeUndefined();
    expect(receivedMessage(msg).header(HEADERS.correlationId)).toBeUndefined();
  });
});
