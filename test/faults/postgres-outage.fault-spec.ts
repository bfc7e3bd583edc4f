import { postgresOutage } from './faults/postgres-outage';
import { type FaultNetwork, faultCounts, NOTHING_WRONG, runScenario, startFaultNetwork } from './fault-network';

/** Longer than the old retry budget (8 deliveries, about 3 minutes); `IREN_FAULT_SOAK=1`: 10 minutes. */
const OUTAGE_MINUTES = process.env.IREN_FAULT_SOAK === '1' ? 10 : 4;

describe('faults: PostgreSQL away longer than a consumer’s delivery budget', () => {
  let network: FaultNetwork;

  beforeAll(async () => {
    network = await startFaultNetwork();
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 120_000);

  it(
    `loses nothing when PostgreSQL stops for ${OUTAGE_MINUTES} minutes while alerts wait for the router`,
    async () => {
      const result = await runScenario(
        network,
        `PostgreSQL stopped ${OUTAGE_MINUTES} min (router paused first)`,
        () => postgresOutage(network.harness, { outageMs: OUTAGE_MINUTES * 60_000 }),
        { warmMs: 5_000, afterMs: 10_000, settleTimeoutMs: 240_000 },
      );
      expect(result.report.verdict.accepted).toBeGreaterThan(0);
      expect(faultCounts(result)).toEqual(NOTHING_WRONG);
    },
    (OUTAGE_MINUTES + 10) * 60_000,
  );
});
