import { faultLabel } from '../support/tcp-proxy';
import { type Link, LINK_FAULTS, linkFault } from './faults/link-fault';
import { type FaultNetwork, faultCounts, NOTHING_WRONG, runScenario, startFaultNetwork } from './fault-network';

/** Long enough for timeouts and reconnections to happen, short enough for eight of them in CI. */
const FAULT_MS = 6_000;

describe('faults: the apps’ links to NATS and PostgreSQL misbehave under load', () => {
  let network: FaultNetwork;

  beforeAll(async () => {
    network = await startFaultNetwork();
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 120_000);

  for (const link of ['nats', 'postgres'] as Link[]) {
    for (const fault of LINK_FAULTS) {
      it(`loses nothing through ${faultLabel(fault)} on the ${link} link`, async () => {
        const result = await runScenario(
          network,
          `${link} link: ${faultLabel(fault)}`,
          () => linkFault(network.harness, link, fault, { durationMs: FAULT_MS }),
          { warmMs: 2_000, afterMs: 4_000 },
        );
        expect(result.report.verdict.accepted).toBeGreaterThan(0);
        expect(faultCounts(result)).toEqual(NOTHING_WRONG);
      }, 300_000);
    }
  }
});
