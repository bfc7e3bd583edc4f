import { Parser } from '@asyncapi/parser';
import {
  BUS_PAYLOADS,
  type BusIdentity,
  busChannels,
  busPermissions,
  ExchangeNames,
  MESSAGE_KINDS,
  nodeIdentity,
  REGISTRY_KEYS,
  serviceIdentity,
  SERVICES,
  STREAMS,
  TLP_LEVELS,
} from '@iren/contracts';
import { asyncApiDocument } from './asyncapi.document';

const names = new ExchangeNames('iren');
const doc = asyncApiDocument(names, { version: '1', natsHost: '127.0.0.1:4222' });
const operations = Object.values(doc.operations) as any[];

/** NATS subject matching: `*` one token, `>` one or more trailing tokens. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

const AKTAU = nodeIdentity('KZ-PCU-AKTAU');
const everyone: BusIdentity[] = [...SERVICES.map(serviceIdentity), AKTAU, nodeIdentity('AZ-PCU-BAKU')];
const nameOf = (i: BusIdentity) => (i.kind === 'service' ? i.service : i.node);

/** The identities whose NATS user the permission compiler lets publish on `subject`. */
const compilerLetsPublish = (subject: string) =>
  everyone.filter((i) => busPermissions(names, i).publish.some((p) => matches(p, subject))).map(nameOf);

/** The identities the document says may send on `subject`, each node reading `{node}` as itself. */
function documentLetsPublish(subject: string): string[] {
  return everyone
    .filter((identity) =>
      operations.some((op) => {
        const who = op['x-iren-identity'] as BusIdentity;
        if (op.action !== 'send' || who.kind !== identity.kind) return false;
        if (who.kind === 'service' && who.service !== nameOf(identity)) return false;
        const own = (s: string) =>
          s.replaceAll('{country}', nameOf(identity).slice(0, 2)).replaceAll('{node}', nameOf(identity));
        return (op['x-iren-subjects'].publish as string[]).map(own).some((p) => matches(p, subject));
      }),
    )
    .map(nameOf);
}

describe(asyncApiDocument.name, () => {
  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.parse(JSON.stringify(doc)));
    const errors = diagnostics.filter((d) => d.severity === 0);
    const warnings = diagnostics.filter((d) => d.severity === 1);
    console.info(`@asyncapi/parser: ${errors.length} errors, ${warnings.length} warnings`);
    expect(errors.map((d) => `${d.path.join('/')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document!.channels().length).toBe(busChannels(names).length + 1); // and the replies channel
    expect(document!.operations().filterBySend().length).toBeGreaterThan(0);
  });

  it('has every channel of the catalogue at its address, in its namespace', () => {
    for (const channel of busChannels(names)) {
      expect(doc.channels[channel.id]).toMatchObject({ address: channel.address });
    }
    const other = asyncApiDocument(new ExchangeNames('t42'), { version: '1', natsHost: 'nats:4222' });
    expect(other.channels.inbox.address).toBe('t42.inbox.{node}');
    expect(other.servers.nats.host).toBe('nats:4222');
  });

  it.each([
    ['iren.inbox.KZ-PCU-AKTAU', ['router']],
    ['iren.pub.KZ.KZ-PCU-AKTAU.ALERT', ['gateway', 'KZ-PCU-AKTAU']],
    ['iren.pub.AZ.AZ-PCU-BAKU.FEEDBACK', ['gateway', 'AZ-PCU-BAKU']],
    ['iren.pub.KZ.KZ-HQ-ASTANA.ALERT', ['gateway']],
    ['iren.events.message.routed', ['router']],
    ['iren.events.message.delivered', ['gateway']],
    ['iren.events.ledger.inconsistent', ['gateway', 'registry']],
    ['$KV.iren_registry.tokens.abc', ['registry']],
    ['iren.ledger.checkpoints', ['audit']],
    ['iren.rpc.registry.tokens.issue', ['gateway']],
    ['iren.rpc.audit.checkpoint.latest', ['gateway', 'registry']],
    ['iren.rpc.registry.services.router.key', ['router']],
    ['iren.rpc.router.dead_letters.replay', ['gateway']],
    ['iren.rpc.audit.dead_letters.replay', ['gateway']],
    ['iren.dlq.bad_signature', ['gateway', 'registry', 'router', 'audit']],
  ])('names exactly who may publish on %s, as the permission compiler does', (subject, publishers) => {
    expect(compilerLetsPublish(subject)).toEqual(publishers);
    expect(documentLetsPublish(subject)).toEqual(publishers);
  });

  it('lets a node receive only its own inbox, through the consumer the registry made, pull and ack only', () => {
    const ops = operations.filter((op) => op.action === 'receive' && op.channel.$ref === '#/channels/inbox');
    expect(ops.map((op) => op['x-iren-identity'])).toEqual([
      { kind: 'service', service: 'gateway' },
      { kind: 'node', node: '{node}' },
    ]);
    const node = doc.operations['node.receives.inbox'] as any;
    expect(node['x-iren-consumer']).toEqual({
      stream: 'iren_INBOX',
      durable: 'iren_node_{node}',
      managedBy: 'registry',
    });
    expect(node['x-iren-subjects'].publish).toEqual([
      '$JS.ACK.iren_INBOX.iren_node_{node}.>',
      '$JS.API.CONSUMER.INFO.iren_INBOX.iren_node_{node}',
      '$JS.API.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_{node}',
      // The same, through the hub's JetStream domain, from behind a national site's leaf node.
      '$JS.hub.API.CONSUMER.INFO.iren_INBOX.iren_node_{node}',
      '$JS.hub.API.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_{node}',
    ]);
    const own = busPermissions(names, AKTAU).publish;
    for (const subject of node['x-iren-subjects'].publish)
      expect(own).toContain(subject.replace('{node}', 'KZ-PCU-AKTAU'));
    expect(node['x-iren-subjects'].subscribe).toEqual(['_INBOX.iren.node.{node}.>']);
  });

  it('shows every stream with its limits, every durable consumer, and every registry key prefix', () => {
    const channels = Object.values(doc.channels) as any[];
    const streams = channels.flatMap((c) => (c['x-iren-stream'] ? [c['x-iren-stream']] : []));
    expect(streams.map((s) => s.name).sort()).toEqual(STREAMS.map((s) => names.stream(s)).sort());
    expect(streams.find((s) => s.name === 'iren_DLQ')).toMatchObject({
      discard: 'new',
      storage: 'file',
      maxBytesShare: 0.25,
    });

    const durables = operations.flatMap((op) => (op['x-iren-consumer'] ? [op['x-iren-consumer'].durable] : []));
    const services = ['router', 'from_hub', 'audit_exchange', 'audit_events', 'gateway_inbox'].map((p) =>
      names.consumer(p),
    );
    expect(durables.sort()).toEqual([...services, 'iren_node_{node}'].sort());
    const router = doc.operations['router.receives.exchange'] as any;
    expect(router['x-iren-consumer']).toMatchObject({
      ackPolicy: 'explicit',
      maxDeliver: -1,
      retryBudget: 8,
      managedBy: 'self',
    });
    expect(router['x-iren-subjects'].publish).toContain('$JS.API.CONSUMER.CREATE.iren_EXCHANGE.iren_router');

    const bucket = (doc.channels['registry-bucket'] as any)['x-iren-kv-bucket'];
    expect(bucket.bucket).toBe('iren_registry');
    expect(Object.keys(bucket.keys).map((k) => k.split('.')[0])).toEqual(
      Object.values(REGISTRY_KEYS).map((key) => (key as (id: string) => string)('x').split('.')[0]),
    );
  });

  it('answers requests on the requester’s own reply subject, which only the request/reply servers may answer', () => {
    const call = doc.operations['gateway.sends.rpc.registry.tokens.issue'] as any;
    expect(call.reply.channel).toEqual({ $ref: '#/channels/replies' });
    expect(call['x-iren-subjects'].subscribe).toEqual(['_INBOX.iren.gateway.>']);
    const server = doc.operations['registry.receives.rpc.registry.tokens.issue'] as any;
    expect(server['x-iren-subjects']).toEqual({ subscribe: ['iren.rpc.registry.tokens.issue'], allowResponses: true });
    const router = doc.operations['router.receives.rpc.router.dead_letters.replay'] as any;
    expect(router['x-iren-subjects']).toEqual({
      subscribe: ['iren.rpc.router.dead_letters.replay'],
      allowResponses: true,
    });
  });

  it('lets the gateway, the router and the audit read dead letters by sequence, and each its own consumer’s stream', () => {
    const readers = operations.filter((op) => op.action === 'receive' && op.channel.$ref === '#/channels/dead-letters');
    expect(readers.map((op) => op['x-iren-identity'].service)).toEqual(['gateway', 'router', 'audit']);
    for (const op of readers) {
      expect(op.summary).toMatch(/reads stored messages by sequence number/);
      expect(op['x-iren-subjects'].publish).toEqual([
        '$JS.API.STREAM.INFO.iren_DLQ',
        '$JS.API.STREAM.MSG.GET.iren_DLQ',
      ]);
      expect(op['x-iren-consumer']).toBeUndefined();
    }
    const router = doc.operations['router.receives.exchange'] as any;
    expect(router['x-iren-subjects'].publish).toContain('$JS.API.STREAM.MSG.GET.iren_EXCHANGE');
    const node = doc.operations['node.receives.inbox'] as any;
    expect(node['x-iren-subjects'].publish.some((s: string) => s.includes('MSG.GET'))).toBe(false);
  });

  it('has a schema and a message for every payload, with the vocabulary’s enums', () => {
    for (const payload of BUS_PAYLOADS) {
      expect(doc.components.schemas[payload]).toBeDefined();
      expect(doc.components.messages[payload]).toMatchObject({ payload: { $ref: `#/components/schemas/${payload}` } });
    }
    const envelope = doc.components.schemas.Envelope as any;
    expect(envelope.properties.kind.enum).toEqual([...MESSAGE_KINDS]);
    expect(envelope.properties.tlp.enum).toEqual([...TLP_LEVELS]);
    expect(envelope.required).toEqual(['id', 'kind', 'origin', 'createdAt', 'tlp', 'body', 'signature']);
  });
});
