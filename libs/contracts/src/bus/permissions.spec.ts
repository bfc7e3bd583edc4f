import { ExchangeNames } from '../names';
import { nodeIdentity, serviceIdentity, SERVICES, type BusIdentity } from './identities';
import { busPermissions, HUB_JETSTREAM_DOMAIN, streamsVisibleTo } from './permissions';
import { sitePermissions } from './sites';

const names = new ExchangeNames('iren');

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

const mayPublish = (who: BusIdentity, subject: string) =>
  busPermissions(names, who).publish.some((p) => matches(p, subject));
const maySubscribe = (who: BusIdentity, subject: string) =>
  busPermissions(names, who).subscribe.some((p) => matches(p, subject));

const everyone: BusIdentity[] = [...SERVICES.map(serviceIdentity), nodeIdentity('KZ-PCU-AKTAU')];
const who = (check: (identity: BusIdentity) => boolean) =>
  everyone.filter(check).map((i) => (i.kind === 'service' ? i.service : i.node));

describe(busPermissions.name, () => {
  it('lets nobody listen to every reply, each only under its own prefix', () => {
    expect(who((i) => maySubscribe(i, '_INBOX.abc'))).toEqual([]);
    expect(who((i) => maySubscribe(i, '_INBOX.iren.gateway.abc'))).toEqual(['gateway']);
    expect(who((i) => maySubscribe(i, '_INBOX.iren.node.KZ-PCU-AKTAU.abc'))).toEqual(['KZ-PCU-AKTAU']);
  });

  it('lets a node publish only as itself, and the gateway for any node', () => {
    expect(who((i) => mayPublish(i, 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT'))).toEqual(['gateway', 'KZ-PCU-AKTAU']);
    expect(who((i) => mayPublish(i, 'iren.pub.AZ.AZ-PCU-BAKU.ALERT'))).toEqual(['gateway']);
    expect(who((i) => mayPublish(i, 'iren.pub.KZ.KZ-HQ-ASTANA.ALERT'))).toEqual(['gateway']);
  });

  it('gives each job to one service: deliveries, the registry bucket, checkpoints', () => {
    expect(who((i) => mayPublish(i, 'iren.inbox.KZ-PCU-AKTAU'))).toEqual(['router']);
    expect(who((i) => mayPublish(i, '$KV.iren_registry.tokens.abc'))).toEqual(['registry']);
    expect(who((i) => mayPublish(i, 'iren.ledger.checkpoints'))).toEqual(['audit']);
    expect(who((i) => maySubscribe(i, 'iren.rpc.registry.tokens.issue'))).toEqual(['registry']);
    expect(who((i) => mayPublish(i, 'iren.rpc.registry.tokens.issue'))).toEqual(['gateway']);
  });

  it('lets each service write only its own leases, and no node any', () => {
    expect(who((i) => mayPublish(i, '$KV.iren_leases.audit.ledger-writer'))).toEqual(['audit']);
    expect(who((i) => mayPublish(i, '$KV.iren_leases.router.scheduled-jobs'))).toEqual(['router']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.GET.KV_iren_leases'))).toEqual([...SERVICES]);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.DELETE.KV_iren_leases'))).toEqual([]);
    // The topology owner brings the bucket to the configured replicas; nobody else changes it.
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.UPDATE.KV_iren_leases'))).toEqual(['registry']);
  });

  it('lets each service announce only its own events', () => {
    expect(who((i) => mayPublish(i, 'iren.events.message.routed'))).toEqual(['router']);
    expect(who((i) => mayPublish(i, 'iren.events.message.delivered'))).toEqual(['gateway']);
    expect(who((i) => mayPublish(i, 'iren.events.registry.token.issued'))).toEqual(['registry']);
  });

  it('lets a service register only its own signing key', () => {
    expect(who((i) => mayPublish(i, 'iren.rpc.registry.services.router.key'))).toEqual(['router']);
    expect(who((i) => mayPublish(i, 'iren.rpc.registry.services.gateway.key'))).toEqual(['gateway']);
  });

  it('lets a node pull and ack on its own inbox consumer only, and manage no consumer or stream', () => {
    const aktau = nodeIdentity('KZ-PCU-AKTAU');
    expect(mayPublish(aktau, '$JS.API.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_KZ-PCU-AKTAU')).toBe(true);
    expect(mayPublish(aktau, '$JS.ACK.iren_INBOX.iren_node_KZ-PCU-AKTAU.1.2.3.4.5.6.7')).toBe(true);
    expect(mayPublish(aktau, '$JS.API.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_AZ-PCU-BAKU')).toBe(false);
    expect(mayPublish(aktau, '$JS.ACK.iren_INBOX.iren_gateway_inbox.1.2.3.4.5.6.7')).toBe(false);
    expect(mayPublish(aktau, '$JS.API.CONSUMER.CREATE.iren_INBOX.mine')).toBe(false);
    expect(mayPublish(aktau, '$JS.API.STREAM.MSG.GET.iren_INBOX')).toBe(false);
    expect(mayPublish(aktau, '$JS.API.DIRECT.GET.iren_INBOX')).toBe(false);
    expect(mayPublish(aktau, '$JS.API.STREAM.CREATE.x')).toBe(false);
  });

  it('leaves the streams to the registry: the others may only look them up', () => {
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.CREATE.iren_EXCHANGE'))).toEqual(['registry']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.UPDATE.iren_INBOX'))).toEqual(['registry']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.DELETE.iren_INBOX'))).toEqual([]);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.INFO.iren_EXCHANGE'))).toEqual([
      'gateway',
      'registry',
      'router',
      'audit',
    ]);
  });

  it('lets only the request/reply servers answer what they were asked', () => {
    expect(who((i) => busPermissions(names, i).allowResponses)).toEqual(['registry', 'router', 'audit']);
  });

  it('lets the gateway, the router and the audit read the dead letters by sequence, and no node', () => {
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.GET.iren_DLQ'))).toEqual(['gateway', 'router', 'audit']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.INFO.iren_DLQ'))).toEqual([
      'gateway',
      'registry',
      'router',
      'audit',
    ]);
    expect(who((i) => mayPublish(i, '$JS.API.DIRECT.GET.iren_DLQ'))).toEqual([]);
    expect(who((i) => mayPublish(i, '$JS.API.CONSUMER.CREATE.iren_DLQ'))).toEqual([]);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.DELETE.iren_DLQ'))).toEqual([]);
  });

  it('lets a service read by sequence only the streams its own consumers read, and those its outbox sends to', () => {
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.GET.iren_EXCHANGE'))).toEqual(['gateway', 'router', 'audit']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.GET.iren_INBOX'))).toEqual(['gateway']);
    expect(who((i) => mayPublish(i, '$JS.API.STREAM.MSG.GET.iren_EVENTS'))).toEqual(['gateway', 'registry', 'audit']);
  });

  it('lets a service make its own consumers again, and no other', () => {
    expect(who((i) => mayPublish(i, '$JS.API.CONSUMER.DELETE.iren_EXCHANGE.iren_router'))).toEqual(['router']);
    expect(who((i) => mayPublish(i, '$JS.API.CONSUMER.DELETE.iren_EXCHANGE.iren_audit_exchange'))).toEqual(['audit']);
    expect(who((i) => mayPublish(i, '$JS.API.CONSUMER.DELETE.iren_INBOX.iren_gateway_inbox'))).toEqual([
      'gateway',
      'registry',
    ]);
    expect(mayPublish(nodeIdentity('KZ-PCU-AKTAU'), '$JS.API.CONSUMER.DELETE.iren_INBOX.iren_node_KZ-PCU-AKTAU')).toBe(
      false,
    );
  });

  it('lets only the gateway ask the router and the audit to put a dead letter back', () => {
    for (const server of ['router', 'audit']) {
      const subject = `iren.rpc.${server}.dead_letters.replay`;
      expect(who((i) => maySubscribe(i, subject))).toEqual([server]);
      expect(who((i) => mayPublish(i, subject))).toEqual(['gateway']);
    }
  });

  it("lets a node reach its consumer through the hub's JetStream domain too (from behind a site's leaf node)", () => {
    const aktau = nodeIdentity('KZ-PCU-AKTAU');
    const domain = `$JS.${HUB_JETSTREAM_DOMAIN}.API`;
    expect(mayPublish(aktau, `${domain}.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_KZ-PCU-AKTAU`)).toBe(true);
    expect(mayPublish(aktau, `${domain}.CONSUMER.INFO.iren_INBOX.iren_node_KZ-PCU-AKTAU`)).toBe(true);
    expect(mayPublish(aktau, `${domain}.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_AZ-PCU-BAKU`)).toBe(false);
    expect(mayPublish(aktau, `${domain}.CONSUMER.CREATE.iren_INBOX.mine`)).toBe(false);
    expect(who((i) => mayPublish(i, `${domain}.STREAM.CREATE.iren_EXCHANGE`))).toEqual([]);
  });

  it('tells each service which streams it waits for: those it publishes to or consumes from', () => {
    const visible = (service: (typeof SERVICES)[number]) =>
      streamsVisibleTo(busPermissions(names, serviceIdentity(service))).sort();
    expect(visible('router')).toEqual([
      'KV_iren_leases',
      'KV_iren_registry',
      'iren_DLQ',
      'iren_EVENTS',
      'iren_EXCHANGE',
      'iren_INBOX',
    ]);
    expect(visible('audit')).toEqual(expect.not.arrayContaining(['iren_INBOX']));
    expect(visible('audit')).toEqual(expect.arrayContaining(['iren_EXCHANGE', 'iren_EVENTS']));
  });
});

describe('national sites in the services’ permissions', () => {
  const router = serviceIdentity('router');

  it("lets only the hub's router send deliveries for a site's nodes, into the site's stream", () => {
    expect(who((i) => mayPublish(i, 'iren.site.KZ.inbox.KZ-PCU-AKTAU'))).toEqual(['router']);
    expect(mayPublish(router, 'iren.site.KZ.other')).toBe(false);
  });

  it("lets the router make and read its relay's consumer on FROM_HUB, and nobody wait for that stream at start", () => {
    const grants = busPermissions(names, router).publish;
    expect(grants).toEqual(
      expect.arrayContaining([
        '$JS.API.CONSUMER.CREATE.iren_FROM_HUB.iren_from_hub',
        '$JS.API.CONSUMER.MSG.NEXT.iren_FROM_HUB.iren_from_hub',
        '$JS.ACK.iren_FROM_HUB.iren_from_hub.>',
      ]),
    );
    expect(who((i) => mayPublish(i, '$JS.API.CONSUMER.MSG.NEXT.iren_FROM_HUB.iren_from_hub'))).toEqual(['router']);
    for (const service of SERVICES) {
      expect(streamsVisibleTo(busPermissions(names, serviceIdentity(service)))).not.toContain('iren_FROM_HUB');
    }
  });

  it("lets the topology owner lay out the hub's stream of each of its sites, and only those", () => {
    const registry = busPermissions(names, serviceIdentity('registry'), { sites: ['KZ', 'UZ'] }).publish;
    for (const op of ['CREATE', 'UPDATE', 'INFO']) {
      expect(registry).toContain(`$JS.API.STREAM.${op}.iren_SITE_KZ`);
      expect(registry).toContain(`$JS.API.STREAM.${op}.iren_SITE_UZ`);
    }
    expect(registry).not.toContain('$JS.API.STREAM.CREATE.iren_SITE_AZ');
    expect(busPermissions(names, serviceIdentity('registry')).publish).not.toContain(
      '$JS.API.STREAM.CREATE.iren_SITE_KZ',
    );
    expect(busPermissions(names, router, { sites: ['KZ'] })).toEqual(busPermissions(names, router));
  });
});

describe(sitePermissions.name, () => {
  const site = sitePermissions(names, 'KZ');
  const sitePublishes = (subject: string) => site.publish.some((p) => matches(p, subject));
  const siteReceives = (subject: string) => site.subscribe.some((p) => matches(p, subject));

  it("carries no node's publishes into the hub, nor the hub's streams' subjects either way", () => {
    for (const subject of ['iren.pub.KZ.KZ-PCU-AKTAU.ALERT', 'iren.events.message.routed', 'iren.inbox.KZ-PCU-AKTAU']) {
      expect({ subject, publish: sitePublishes(subject), receive: siteReceives(subject) }).toEqual({
        subject,
        publish: false,
        receive: false,
      });
    }
    expect(siteReceives('iren.site.KZ.inbox.KZ-PCU-AKTAU')).toBe(false);
    expect(sitePublishes('$JS.hub.API.CONSUMER.MSG.NEXT.iren_INBOX.iren_node_KZ-HQ-ASTANA')).toBe(false);
    expect(sitePublishes('$KV.iren_registry.nodes.KZ-PCU-AKTAU')).toBe(false);
    expect(site.allowResponses).toBe(false);
  });

  it("lets the site source its own hub stream and mirror the registry, and not another site's stream", () => {
    expect(sitePublishes('$JS.hub.API.CONSUMER.CREATE.iren_SITE_KZ')).toBe(true);
    expect(sitePublishes('$JS.hub.API.CONSUMER.CREATE.KV_iren_registry')).toBe(true);
    expect(sitePublishes('$JS.hub.API.CONSUMER.CREATE.iren_SITE_UZ')).toBe(false);
    expect(sitePublishes('$JS.hub.API.CONSUMER.CREATE.iren_INBOX')).toBe(false);
    expect(sitePublishes('$JS.hub.API.STREAM.DELETE.iren_SITE_KZ')).toBe(false);
    expect(siteReceives('iren.link.KZ.M.abc')).toBe(true);
    expect(siteReceives('iren.link.UZ.S.abc')).toBe(false);
    expect(sitePublishes('$JS.FC.iren_SITE_KZ.abc.1')).toBe(true);
  });

  it('lets the hub source the site’s EXCHANGE and EVENTS and nothing else of the site', () => {
    expect(siteReceives('$JS.kz.API.CONSUMER.CREATE.iren_EXCHANGE')).toBe(true);
    expect(siteReceives('$JS.kz.API.CONSUMER.CREATE.iren_EVENTS')).toBe(true);
    expect(siteReceives('$JS.kz.API.CONSUMER.CREATE.iren_INBOX')).toBe(false);
    expect(siteReceives('$JS.uz.API.CONSUMER.CREATE.iren_EXCHANGE')).toBe(false);
    expect(sitePublishes('iren.link.KZ.S.abc')).toBe(true);
    expect(sitePublishes('iren.link.UZ.S.abc')).toBe(false);
    expect(siteReceives('$JS.FC.iren_EXCHANGE.abc.1')).toBe(true);
  });

  it("carries the site gateway's and router's calls to the registry and the audit service, and their answers", () => {
    expect(sitePublishes('iren.rpc.registry.tokens.issue')).toBe(true);
    expect(sitePublishes('iren.rpc.audit.proofs.inclusion')).toBe(true);
    expect(sitePublishes('iren.rpc.registry.services.router.key')).toBe(true);
    expect(sitePublishes('iren.rpc.registry.services.gateway.key')).toBe(true);
    expect(sitePublishes('iren.rpc.registry.services.audit.key')).toBe(false);
    // Served by the site's own router.
    expect(sitePublishes('iren.rpc.router.dead_letters.replay')).toBe(false);
    expect(siteReceives('_INBOX.iren.gateway.abc.1')).toBe(true);
    expect(siteReceives('_INBOX.iren.router.abc.1')).toBe(true);
    expect(siteReceives('_INBOX.iren.registry.abc')).toBe(false);
    expect(siteReceives('_INBOX.iren.node.KZ-PCU-AKTAU.abc')).toBe(false);
    expect(siteReceives('iren.ledger.checkpoints')).toBe(true);
    expect(sitePublishes('iren.ledger.checkpoints')).toBe(false);
  });

  it('refuses a bad country code', () => {
    expect(() => sitePermissions(names, 'kz')).toThrow(/alpha-2/);
    expect(() => sitePermissions(names, 'KAZ')).toThrow(/alpha-2/);
  });
});
