import { Test, type TestingModule } from '@nestjs/testing';
import pino from 'pino';
import { Writable } from 'node:stream';
import { ExchangeNames, type ServiceName } from '@iren/contracts';
import { HEALTH_CHECKS, HealthController } from '@iren/platform';
import { OPEN_BUS_RISK } from './bus-auth/bus-authentication';
import { type SecuredNats, startOpenNats, startSecuredNats, withNatsServer } from '@iren/messaging/testing';
import { NatsClients, NatsModule } from './nats.module';
import { createRegistryBucket, openRegistryBucket } from './registry-bucket';

const describeWithServer = withNatsServer(describe, NatsModule.name);

/** A logger whose lines the test reads. */
function recordingLogger(): { logger: pino.Logger; lines: { level: number; msg: string; waitingFor?: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** One app's NATS module with `/health`, as an app module imports it. */
function appModule(service: ServiceName, url: string, namespace: string, logger: pino.Logger, credsDir?: string) {
  return Test.createTestingModule({
    imports: [
      NatsModule.forRoot({
        url,
        service,
        namespace,
        ...(credsDir && { credsDir }),
        name: `iren-${service}`,
        logger,
        streams: { replicas: 1, maxBytes: 16 * 1024 ** 2 },
      }),
    ],
    controllers: [HealthController],
    providers: [{ provide: HEALTH_CHECKS, useValue: [] }],
  }).compile();
}

describeWithServer(`${NatsModule.name} on a NATS without authentication`, () => {
  let server: { url: string; stop(): Promise<void> };
  beforeAll(async () => (server = await startOpenNats()), 15_000);
  afterAll(() => server?.stop());

  it('warns once at start that anyone can act as anyone, and /health says so without failing', async () => {
    const { logger, lines } = recordingLogger();
    const app = await appModule('registry', server.url, 'open1', logger);
    try {
      const warnings = lines.filter((line) => line.level === 40);
      expect(warnings.map((w) => w.msg)).toEqual([OPEN_BUS_RISK]);
      expect(OPEN_BUS_RISK).toMatch(/anyone who reaches it can publish and read as any service or node/);
      const report = await app.get(HealthController).health();
      expect(report).toEqual({
        status: 'ok',
        checks: {},
        details: { bus: { authentication: 'none', warning: OPEN_BUS_RISK }, consumers: [] },
      });
    } finally {
      await app.close();
    }
  });
});

describeWithServer(`${NatsModule.name} on the secured bus`, () => {
  let bus: SecuredNats;
  const namespace = 'sec1';
  beforeAll(async () => (bus = await startSecuredNats(namespace)), 15_000);
  afterAll(() => bus?.stop());

  it('lets only the registry lay out JetStream: a service started first waits for it, then opens the bucket', async () => {
    const names = new ExchangeNames(namespace);
    const gatewayLog = recordingLogger();
    const apps: TestingModule[] = [];
    try {
      const gatewayStarting = appModule('gateway', bus.url, namespace, gatewayLog.logger, bus.material.credsDir);
      // It says so while it waits (however long a loaded machine takes to get there).
      const waiting = () => gatewayLog.lines.some((line) => /waiting for the registry/.test(line.msg));
      for (const deadline = Date.now() + 15_000; !waiting() && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(waiting()).toBe(true);

      const registryLog = recordingLogger();
      apps.push(await appModule('registry', bus.url, namespace, registryLog.logger, bus.material.credsDir));
      apps.push(await gatewayStarting);
      const gateway = apps[1].get(NatsClients);
      const bucketOpened = openRegistryBucket(gateway.nc, names, gatewayLog.logger);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await createRegistryBucket(apps[0].get(NatsClients).nc, names);
      await (await bucketOpened).status();

      for (const lines of [gatewayLog.lines, registryLog.lines]) expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect([...gatewayLog.lines, ...registryLog.lines].filter((line) => line.msg === OPEN_BUS_RISK)).toEqual([]);
      expect(await apps[1].get(HealthController).health()).toMatchObject({
        status: 'ok',
        details: { bus: { authentication: 'required' } },
      });
      // The gateway's user could not have made them: creating a stream is not among its rights.
      await expect(gateway.jsm.streams.add({ name: `${namespace}_OTHER`, subjects: ['x.>'] })).rejects.toThrow(
        /Permissions Violation/i,
      );
    } finally {
      for (const app of apps.reverse()) await app.close();
    }
  }, 20_000);
});
