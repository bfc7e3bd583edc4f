import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { ExchangeNames, isValidNodeId, signRegistryEntry } from '@iren/contracts';
import { keyIdOf, signCheckpoint } from '@iren/ledger';
import { ensureConsumer, JetStreamWorker, PermanentError } from '@iren/messaging';
import { asyncApiDocument } from './asyncapi.document';
import { NODE_ID_PATTERN } from './payload.schemas';

/** The document against what the code that runs the bus actually writes. */

const names = new ExchangeNames('iren');
const doc = asyncApiDocument(names, { version: '1', natsHost: '127.0.0.1:4222' });
const schemas = doc.components.schemas as Record<string, any>;

/** Top-level fields of `value` that the schema does not know, and required ones it lacks. */
function fieldProblems(schema: any, value: object): string[] {
  const known = Object.keys(schema.properties);
  const unknown = Object.keys(value).filter((field) => !known.includes(field));
  const missing = (schema.required as string[]).filter((field) => !(field in value));
  return [...unknown.map((f) => `unknown ${f}`), ...missing.map((f) => `missing ${f}`)];
}

describe('the AsyncAPI document and the running code', () => {
  it('lists the headers the worker writes on a dead letter', async () => {
    const publish = jest.fn().mockResolvedValue({});
    const worker = new JetStreamWorker(
      { publish } as unknown as JetStreamClient,
      {} as JetStreamManager,
      names,
      { stream: 'EXCHANGE', purpose: 'router' },
      () => Promise.reject(new PermanentError('bad_signature', 'does not verify')),
      pino({ level: 'silent' }),
    );
    const msg = {
      subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
      seq: 7,
      data: new Uint8Array(),
      headers: undefined,
      time: new Date(),
    };
    const info = { deliveryCount: 1, stream: 'iren_EXCHANGE' };
    await worker.process({ ...msg, info, ack: jest.fn(), nak: jest.fn(), term: jest.fn() } as unknown as JsMsg);
    const written = [...publish.mock.calls[0][2].headers.keys()].sort();
    const documented = (doc.components.messages.DeadLetter as any).headers;
    expect(written).toEqual(documented.required.filter((h: string) => h !== 'Nats-Msg-Id').sort());
  });

  it('gives the consumers the policy the worker creates them with', async () => {
    const add = jest.fn().mockResolvedValue({});
    const jsm = { consumers: { info: jest.fn().mockRejectedValue(new Error('consumer not found')), add } };
    await ensureConsumer(jsm as unknown as JetStreamManager, names, { stream: 'EXCHANGE', purpose: 'router' });
    const [stream, config] = add.mock.calls[0];
    const consumer = (doc.operations['router.receives.exchange'] as any)['x-iren-consumer'];
    expect(consumer).toMatchObject({
      stream,
      durable: config.durable_name,
      ackPolicy: config.ack_policy,
      deliverPolicy: config.deliver_policy,
      maxDeliver: config.max_deliver,
    });
    expect(nanos(consumer.ackWaitMs)).toBe(config.ack_wait);
  });

  it('describes node ids as the validator reads them', () => {
    const pattern = new RegExp(NODE_ID_PATTERN);
    for (const id of ['KZ-PCU-AKTAU', 'UZ-COORD-ROCA', 'AZ-ACCU-BAKU2', 'KZ-PCU-aktau', 'KZ-XYZ-AKTAU', 'KZPCUAKTAU']) {
      expect([id, pattern.test(id)]).toEqual([id, isValidNodeId(id)]);
    }
  });

  it('has the fields of a signed registry value and of a signed checkpoint', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const entry = signRegistryEntry({ keyId: 'registry#00', privateKey }, 'nodes.KZ-PCU-AKTAU', null);
    expect(fieldProblems(schemas.RegistryEntry, entry)).toEqual([]);
    const checkpoint = signCheckpoint(privateKey, keyIdOf(publicKey), 3, 'a'.repeat(64), new Date().toISOString());
    expect(fieldProblems(schemas.Checkpoint, checkpoint)).toEqual([]);
  });
});
