import { natsCrash, natsOutage } from './faults/nats-outage';
import { type FaultNetwork, faultCounts, NOTHING_WRONG, runScenario, startFaultNetwork } from './fault-network';

describe('faults: NATS away under load', () => {
  let network: FaultNetwork;

  beforeAll(async () => {
    network = await startFaultNetwork();
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 120_000);

  it('loses nothing when nats-server is stopped for 2 minutes: alerts wait in the outbox and drain afterwards', async () => {
    let acceptedWhileDown = 0;
    let unsentAtRestart = 0;
    const result = await runScenario(
      network,
      'nats-server stopped 2 min',
      async () => {
        const before = network.log.accepted.length;
        await natsOutage(network.harness, {
          outageMs: 120_000,
          beforeRestart: async () => {
            acceptedWhileDown = network.log.accepted.length - before;
            const db = await network.harness.connectDatabase();
            const { rows } = await db.query(`SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL`);
            unsentAtRestart = rows[0].n;
            await db.end();
          },
        });
        return `while NATS was down: ${acceptedWhileDown} alerts accepted (202), ${unsentAtRestart} outbox rows unsent when it came back`;
      },
      { warmMs: 5_000, afterMs: 10_000, settleTimeoutMs: 180_000 },
    );
    // The API keeps answering 202 (the gateway serves from its registry copy, the alerts wait in its outbox).
    expect(Object.keys(result.answers)).toEqual(['publish 202']);
    expect(acceptedWhileDown).toBeGreaterThan(0);
    expect(unsentAtRestart).toBeGreaterThan(0);
    expect(faultCounts(result)).toEqual(NOTHING_WRONG);
  }, 600_000);

  it('loses nothing when nats-server is killed -9 under load and restarted on the same store', async () => {
    const result = await runScenario(network, 'nats-server killed -9', () => natsCrash(network.harness), {
      warmMs: 5_000,
      afterMs: 8_000,
    });
    expect(result.report.verdict.accepted).toBeGreaterThan(0);
    expect(faultCounts(result)).toEqual(NOTHING_WRONG);
  }, 400_000);
});
