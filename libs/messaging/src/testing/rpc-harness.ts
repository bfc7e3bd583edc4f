import type { Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames, type KeyDirectory, type SigningKey, signedRequestHeaders } from '@iren/contracts';
import { ROOT_LOGGER } from '@iren/platform';
import { NamespacedNatsServer } from '../rpc-server';
import { RPC_CALLER_KEYS } from '../trust/signed-rpc-caller.guard';
import { coreMsgOf, headerBlockOf, hostileHeaders, printable, type WireMessage } from './hostile-headers';
import { protoKey, renderJson } from './hostile-json';
import { hostilePayload, mutated, utf8 } from './hostile-payloads';

/** Every call made to a recording service: which method, with what. */
export interface ServiceCall {
  method: string;
  args: unknown[];
}

/** A stand-in for a service class: each of `methods` records its call and answers `{ ok: true }`. */
export function recordingService(
  calls: ServiceCall[],
  methods: string[],
): Record<string, (...args: unknown[]) => unknown> {
  return Object.fromEntries(
    methods.map((method) => [method, async (...args: unknown[]) => (calls.push({ method, args }), { ok: true })]),
  );
}

/** What a request/reply handler answered: Nest's `{response}` or `{err}`, with the request's id. */
export interface RpcAnswer {
  id?: unknown;
  response?: unknown;
  err?: { status?: number; code?: string; message?: string };
}

/**
 * `controllers` served by Nest's NATS transport as the apps serve them (`NamespacedNatsServer`: the
 * deserializer, the signed-caller guard, the validation pipe, the exception filter), without a
 * server: `send` hands a message to the handler of `pattern` as a subscription would, and answers
 * what it replied (nothing for an event, or for what Nest could not decode); `patterns` lists what
 * it serves.
 */
export async function nestRpcServer(
  controllers: Type<unknown>[],
  providers: Provider[],
  names: ExchangeNames,
  callerKeys: Pick<KeyDirectory, 'serviceKeys'>,
) {
  const moduleRef = await Test.createTestingModule({
    controllers,
    providers: [
      ...providers,
      { provide: ExchangeNames, useValue: names },
      { provide: RPC_CALLER_KEYS, useValue: { serviceKeys: async (s: never) => callerKeys.serviceKeys(s) } },
      { provide: ROOT_LOGGER, useValue: pino({ level: 'silent' }) },
    ],
  }).compile();
  const server = new NamespacedNatsServer(names, 'fuzz', {});
  const app = moduleRef.createNestMicroservice({ strategy: server, logger: false });
  await app.init();
  return {
    async send(pattern: string, wire: WireMessage): Promise<RpcAnswer[]> {
      const answers: RpcAnswer[] = [];
      // Nest's serializer hands `respond` a JSON string, which nats.js would encode.
      const read = (data: Uint8Array | string) => (typeof data === 'string' ? data : new TextDecoder().decode(data));
      const msg = coreMsgOf(wire, (data) => answers.push(JSON.parse(read(data)) as RpcAnswer));
      await server.getMessageHandler(pattern)(undefined as never, msg);
      // Nest replies on the next tick after the handler settled.
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
      return answers;
    },
    /** The patterns the controllers serve. */
    patterns: () => [...server.getHandlers().keys()],
    close: () => app.close(),
  };
}

/** How a request reaches a handler: as a request (with an id), as an event (none), or as no packet at all. */
export type PacketShape = 'request' | 'event' | 'junk';

export interface RpcCase {
  pattern: string;
  wire: WireMessage;
  shape: PacketShape;
  /** Whether the caller signed the data the packet carries (its headers may have been broken since). */
  signed: boolean;
}

/**
 * Requests to `pattern` on `subject`: `valid` (data its DTO takes) broken in a few places or none,
 * with prototype keys spliced in at times, as Nest packets (with an id, without, or junk bytes),
 * signed by `caller` (mostly) with hostile headers.
 */
export function rpcCases(pattern: string, subject: string, valid: object, caller: SigningKey): fc.Arbitrary<RpcCase> {
  const data = fc.oneof(
    { arbitrary: mutated(valid).map(({ value }) => value), weight: 4 },
    { arbitrary: fc.constant({ ...valid, [protoKey('__proto__')]: { polluted: 'yes' } }), weight: 1 },
  );
  const shape = fc.constantFrom<PacketShape>('request', 'request', 'request', 'request', 'event', 'junk');
  return fc.tuple(data, shape, fc.boolean()).chain(([value, how, sign]) => {
    // Rendered, so that the packet carries what JSON.stringify cannot write: 1e400, prototype keys.
    const packet = renderJson(
      how === 'request' ? { pattern, data: value, id: randomUUID() } : { pattern, data: value },
    );
    let headers: Record<string, string> = {};
    try {
      if (sign) headers = signedRequestHeaders(caller, subject, JSON.parse(packet).data, randomUUID());
    } catch {
      headers = {}; // canonical JSON refuses the data: no caller could have signed it
    }
    const bytes = how === 'junk' ? hostilePayload : fc.constant(utf8(packet));
    return fc
      .tuple(bytes, hostileHeaders(headerBlockOf(headers)))
      .map(([data, { block }]) =>
        printable({ pattern, wire: { subject, data, headers: block }, shape: how, signed: sign }),
      );
  });
}
