import { jetstream, jetstreamManager, type MsgRequest } from '@nats-io/jetstream';
import { connect, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { join } from 'node:path';
import { ExchangeNames, RPC, type ServiceName, serviceIdentity, serviceKeyPattern } from '@iren/contracts';
import { streamConfig } from '../streams';
import { CREDS_FILES } from './material-layout';
import { connectWithCreds, type SecuredNats, startSecuredNats, withNatsServer } from '@iren/messaging/testing';

const names = new ExchangeNames('iren');
const describeWithServer = withNatsServer(describe, 'the secured bus');

/** The permission errors the server sent this connection, as nats.js reports them on `status()`. */
function permissionErrors(nc: NatsConnection): PermissionViolationError[] {
  const seen: PermissionViolationError[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'error' && status.error instanceof PermissionViolationError) seen.push(status.error);
    }
  })();
  return seen;
}

const eventually = async (check: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describeWithServer('the secured bus (nats-server with the generated configuration)', () => {
  let bus: SecuredNats;
  let ops: NatsConnection;
  const open: NatsConnection[] = [];
  const as = async (service: ServiceName) => {
    const creds = join(bus.material.credsDir, CREDS_FILES.service(service));
    const nc = await connectWithCreds(bus.url, creds, names.replyPrefix(serviceIdentity(service)));
    open.push(nc);
    return nc;
  };

  beforeAll(async () => {
    bus = await startSecuredNats('iren');
    ops = await connectWithCreds(bus.url, join(bus.material.credsDir, CREDS_FILES.ops));
  }, 20_000);

  afterAll(async () => {
    for (const nc of [...open, ops]) await nc?.close();
    await bus?.stop();
  });

  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: bus.url.replace('nats://', ''), reconnect: false })).rejects.toThrow(
      /Authorization Violation/,
    );
  });

  it.each([
    ['gateway', names.publishSubject('KZ-PCU-AKTAU', 'ALERT')],
    ['router', names.inboxSubject('KZ-PCU-AKTAU')],
    ['registry', names.eventSubject('registry.node.registered')],
    ['audit', names.checkpointSubject],
  ] as const)('lets the %s publish on its own channel (%s)', async (service, subject) => {
    const received = ops.subscribe(subject, { max: 1 });
    await ops.flush();
    const nc = await as(service);
    const errors = permissionErrors(nc);
    nc.publish(subject, 'hello');
    await nc.flush();
    for await (const msg of received) expect(msg.string()).toBe('hello');
    expect(errors).toEqual([]);
  });

  it.each([
    ['gateway', names.inboxSubject('KZ-PCU-AKTAU')],
    ['router', names.checkpointSubject],
    ['registry', names.inboxSubject('KZ-PCU-AKTAU')],
    ['audit', names.publishSubject('KZ-PCU-AKTAU', 'ALERT')],
    ['gateway', `${names.registryBucketWildcard.slice(0, -1)}tokens.abc`],
  ] as const)("refuses the %s publishing on another's channel (%s), as an error status", async (service, subject) => {
    let leaked = 0;
    ops.subscribe(subject, {
      callback: () => {
        leaked++;
      },
    });
    await ops.flush();
    const nc = await as(service);
    const errors = permissionErrors(nc);
    nc.publish(subject, 'forged');
    await nc.flush();
    expect(await eventually(() => errors.length > 0)).toBe(true);
    expect(errors[0]).toMatchObject({ operation: 'publish', subject });
    await ops.flush();
    expect(leaked).toBe(0);
  });

  it('lets a service register its key on its own subject, and refuses the operators’ user the same subject', async () => {
    // The registry believes a key registered there because only the service may publish there.
    const subject = names.rpc(serviceKeyPattern('router'));
    const seen: string[] = [];
    const watcher = await as('registry');
    watcher.subscribe(subject, {
      callback: (_, msg) => {
        seen.push(msg.string());
      },
    });
    await watcher.flush();
    const operators = await connectWithCreds(bus.url, join(bus.material.credsDir, CREDS_FILES.ops));
    open.push(operators);
    const errors = permissionErrors(operators);
    operators.publish(subject, 'a key of the operators’ choosing');
    await operators.flush();
    expect(await eventually(() => errors.length > 0)).toBe(true);
    expect(errors[0]).toMatchObject({ operation: 'publish', subject });
    const router = await as('router');
    router.publish(subject, 'the router’s own key');
    await router.flush();
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen).toEqual(['the router’s own key']);
  });

  it("lets no service listen to every reply, nor to another's", async () => {
    const gateway = await as('gateway');
    const everything = gateway.subscribe('_INBOX.>');
    await expect(
      (async () => {
        for await (const _ of everything) return;
      })(),
    ).rejects.toThrow(/Permissions Violation for Subscription/);
    const others = gateway.subscribe(`${names.replyPrefix(serviceIdentity('registry'))}.>`);
    await expect(
      (async () => {
        for await (const _ of others) return;
      })(),
    ).rejects.toThrow(/Permissions Violation for Subscription/);
  });

  it('lets the registry answer the gateway’s request, and refuses the router the same request', async () => {
    const registry = await as('registry');
    const subject = names.rpc(RPC.getNode);
    registry.subscribe(subject, {
      callback: (_error, msg) => {
        msg.respond('node');
      },
    });
    await registry.flush();
    const gateway = await as('gateway');
    expect((await gateway.request(subject, 'KZ-PCU-AKTAU', { timeout: 2000 })).string()).toBe('node');
    const router = await as('router');
    await expect(router.request(subject, 'KZ-PCU-AKTAU', { timeout: 1000 })).rejects.toThrow();
  });

  it('lets the router answer the gateway’s request to put a dead letter back, and refuses the audit the same request', async () => {
    const router = await as('router');
    const subject = names.rpc(RPC.replayRouterDeadLetter);
    router.subscribe(subject, {
      callback: (_error, msg) => {
        msg.respond('processed');
      },
    });
    await router.flush();
    const gateway = await as('gateway');
    expect((await gateway.request(subject, '{"id":"1"}', { timeout: 2000 })).string()).toBe('processed');
    const audit = await as('audit');
    await expect(audit.request(subject, '{"id":"1"}', { timeout: 1000 })).rejects.toThrow();
  });

  it('lets the gateway, the router and the audit read a dead letter by its sequence, and refuses the registry', async () => {
    const dlq = names.stream('DLQ');
    await (
      await jetstreamManager(ops)
    ).streams.add(streamConfig(names, 'DLQ', { replicas: 1, maxBytes: 64 * 1024 ** 2 }));
    await jetstream(await as('router')).publish(names.dlqSubject('bad_signature'), 'the evidence', { msgID: 'x:1' });
    for (const service of ['gateway', 'router', 'audit'] as const) {
      const nc = await as(service);
      const errors = permissionErrors(nc);
      const jsm = await jetstreamManager(nc, { checkAPI: false });
      expect((await jsm.streams.getMessage(dlq, { seq: 1 }))?.string()).toBe('the evidence');
      // The first letter at or after a sequence, as `GET /dlq` reads its pages.
      const next = { seq: 1, next_by_subj: '>' } as unknown as MsgRequest;
      expect((await jsm.streams.getMessage(dlq, next))?.seq).toBe(1);
      expect(await jsm.streams.getMessage(dlq, { seq: 2 })).toBeNull();
      expect(errors).toEqual([]);
    }
    const registry = await as('registry');
    const errors = permissionErrors(registry);
    const jsm = await jetstreamManager(registry, { checkAPI: false, timeout: 1000 });
    await expect(jsm.streams.getMessage(dlq, { seq: 1 })).rejects.toThrow();
    expect(await eventually(() => errors.some((e) => e.subject === `$JS.API.STREAM.MSG.GET.${dlq}`))).toBe(true);
  });
});
