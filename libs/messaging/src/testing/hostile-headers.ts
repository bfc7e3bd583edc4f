import type { JsMsg } from '@nats-io/jetstream';
import { type MsgHdrs, MsgHdrsImpl, type Msg } from '@nats-io/transport-node';
import fc from 'fast-check';
import { utf8 } from './hostile-payloads';

/** Header values a publisher may send: wrong base64, other services' key ids, huge, empty, not ASCII. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'not base64!', '====', '#', 'router#', 'gateway#0123', 'registry#x', 'audit#', '__proto__'),
  fc.constantFrom('constructor', 'toString', 'é', '😀', '2026-03-01T10:00:00.000Z', 'NaN', '1e400'),
  fc.base64String({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'A'.repeat(n)),
);

/** Lines a header block may carry that nats.js refuses to decode, or reads in surprising ways. */
const strangeLine = fc.constantFrom(
  'Bad Key: x',
  'Ünïcode: x',
  ': no name',
  'NoColon',
  'Iren-Signer:',
  'iren-signer: lower',
);

/** A header block as it travels: a status line, then `Name: value` lines. */
export interface HeaderBlock {
  status: string;
  lines: string[];
}

/** The block of `headers` (as a publisher set them, or as a plain record). */
export function headerBlockOf(headers: MsgHdrs | Record<string, string>): HeaderBlock {
  const entries: [string, string[]][] =
    Symbol.iterator in headers
      ? [...(headers as MsgHdrs)]
      : Object.entries(headers as Record<string, string>).map(([name, value]) => [name, [value]]);
  return { status: 'NATS/1.0', lines: entries.flatMap(([name, values]) => values.map((v) => `${name}: ${v}`)) };
}

/** The block's wire bytes, which nats.js decodes when the message's headers are first read. */
export function headerBytes(block: HeaderBlock): Uint8Array {
  return utf8(`${block.status}\r\n${block.lines.join('\r\n')}\r\n\r\n`);
}

/**
 * `block` broken in up to three ways (none at times): a value replaced by a hostile one, a line
 * dropped or repeated, a line nats.js cannot decode added, the status line changed.
 */
export function hostileHeaders(block: HeaderBlock): fc.Arbitrary<{ block: HeaderBlock; changes: string[] }> {
  const change = fc.oneof(
    fc.tuple(fc.constant('value' as const), fc.nat(), hostileHeaderValue),
    fc.tuple(fc.constant('drop' as const), fc.nat(), fc.constant('')),
    fc.tuple(fc.constant('repeat' as const), fc.nat(), hostileHeaderValue),
    fc.tuple(fc.constant('strange' as const), fc.nat(), strangeLine),
    fc.tuple(fc.constant('status' as const), fc.nat(), fc.constantFrom('NATS/1.0 503', 'NATS/1.0 x y', 'HTTP/1.1', '')),
  );
  const someChanges = fc.oneof(fc.constant([]), fc.array(change, { minLength: 1, maxLength: 3 }));
  return someChanges.map((changes) => {
    const lines = [...block.lines];
    let status = block.status;
    for (const [what, n, text] of changes) {
      const i = lines.length > 0 ? n % lines.length : 0;
      const name = lines[i]?.split(':')[0] ?? 'Iren-Signer';
      if (what === 'value') lines[i] = `${name}: ${text}`;
      else if (what === 'drop') lines.splice(i, 1);
      else if (what === 'repeat') lines.push(`${name}: ${text}`);
      else if (what === 'strange') lines.splice(i, 0, text);
      else status = text;
    }
    return { block: { status, lines }, changes: changes.map(([what]) => what) };
  });
}

/** A message as the server delivers it: its subject, payload bytes and header block. */
export interface WireMessage {
  subject: string;
  data: Uint8Array;
  headers?: HeaderBlock | MsgHdrs;
  seq?: number;
  time?: Date;
  deliveryCount?: number;
}

function decoder(headers: WireMessage['headers']): () => MsgHdrs | undefined {
  if (headers === undefined) return () => undefined;
  // nats.js decodes the block on the first read of `headers`, and throws there on a malformed line.
  const bytes = headerBytes('lines' in headers ? headers : headerBlockOf(headers));
  return () => MsgHdrsImpl.decode(bytes);
}

/**
 * `value` printed by fast-check as its wire message reads (subject, headers, the payload's first
 * 400 characters) rather than as thousands of byte values, when a case fails.
 */
export function printable<T extends { wire: WireMessage }>(value: T): T {
  const { subject, data, headers } = value.wire;
  const text = new TextDecoder().decode(data.subarray(0, 1200));
  const lines = headers && 'lines' in headers ? [headers.status, ...headers.lines] : [];
  const shown = `${subject} [${lines.join(' | ')}] ${data.length} bytes: ${text.slice(0, 400)}`;
  return Object.assign(value, { [fc.toStringMethod]: () => JSON.stringify({ ...value, wire: shown }) });
}

/** A JetStream message as nats.js hands it to a consumer, headers decoded lazily from their wire bytes. */
export function jsMsgOf(wire: WireMessage): JsMsg {
  const decode = decoder(wire.headers);
  let decoded: MsgHdrs | undefined;
  return {
    subject: wire.subject,
    data: wire.data,
    seq: wire.seq ?? 1,
    time: wire.time ?? new Date(),
    info: { deliveryCount: wire.deliveryCount ?? 1, stream: 'FUZZ' },
    get headers() {
      decoded ??= decode();
      return decoded;
    },
    json: () => JSON.parse(new TextDecoder().decode(wire.data)),
    string: () => new TextDecoder().decode(wire.data),
  } as unknown as JsMsg;
}

/** A core NATS message (a subscription's callback, a request to a Nest handler), likewise. */
export function coreMsgOf(wire: WireMessage, respond: (data: Uint8Array | string) => void = () => undefined): Msg {
  const msg = jsMsgOf(wire) as unknown as Record<string, unknown>;
  return Object.assign(msg, {
    reply: '_INBOX.fuzz',
    sid: 1,
    respond: (data: Uint8Array | string) => (respond(data), true),
  }) as unknown as Msg;
}
