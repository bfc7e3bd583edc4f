import { APP_NAMES } from '../support/app-processes';
import { checkDeliveries } from './check/delivery-checker';
import { crashAllApps, crashApp } from './faults/app-crash';
import { type FaultNetwork, faultCounts, NOTHING_WRONG, runScenario, startFaultNetwork } from './fault-network';

const TIMING = { warmMs: 4_000, afterMs: 6_000 };

describe('faults: apps killed -9 under load', () => {
  let network: FaultNetwork;

  beforeAll(async () => {
    network = await startFaultNetwork();
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 120_000);

  for (const app of APP_NAMES) {
    it(`loses nothing when the ${app} is killed -9 at a random moment and restarted`, async () => {
      const result = await runScenario(network, `${app} killed -9`, () => crashApp(network.harness, app), TIMING);
      expect(result.report.verdict.accepted).toBeGreaterThan(0);
      expect(faultCounts(result)).toEqual(NOTHING_WRONG);
    }, 300_000);
  }

  it('loses nothing when every app is killed -9 at once and restarted', async () => {
    const result = await runScenario(network, 'all apps killed -9', () => crashAllApps(network.harness), TIMING);
    expect(result.report.verdict.accepted).toBeGreaterThan(0);
    expect(faultCounts(result)).toEqual(NOTHING_WRONG);
  }, 300_000);

  it('is caught by the checker when a stored delivery disappears behind the network’s back', async () => {
    const db = await network.harness.connectDatabase();
    try {
      const { rows } = await db.query(
        `DELETE FROM gateway.deliveries
          WHERE id = (SELECT id FROM gateway.deliveries WHERE message_id = ANY($1::uuid[]) ORDER BY id LIMIT 1)
          RETURNING message_id::text, node`,
        [network.log.accepted.map((a) => a.id)],
      );
      expect(rows).toHaveLength(1);
    } finally {
      await db.end();
    }
    const report = await checkDeliveries(network.harness, network.log);
    console.log(`checker after deleting one delivery row: lost ${report.verdict.lost}; ${report.verdict.examples[0]}`);
    expect(report.verdict.lost).toBe(1);
    expect(report.verdict.unexpected + report.verdict.duplicateEffects + report.verdict.ledgerGaps).toBe(0);
  }, 300_000);
});
