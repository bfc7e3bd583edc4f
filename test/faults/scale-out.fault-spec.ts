import { type Checkpoint, verifyCheckpoint, verifyConsistency, verifyInclusion } from '@iren/ledger';
import type { AppProcess } from '../support/app-processes';
import { parseSamples, sampleValue } from '../support/metrics-text';
import { checkDeliveries, reportLines } from './check/delivery-checker';
import { NOTHING_WRONG } from './fault-network';
import { pause } from './faults/pause';
import { FaultHarness } from './harness/fault-harness';
import { OfficerLoad } from './load/officers';
import { answersLine, PublishLog } from './load/publish-log';
import { registerFaultNodes } from './load/topology';

const WRITER_LEASE = 'audit.ledger-writer';
const TIMING = { warmMs: 8_000, afterMs: 8_000 };

/** What one instance's `/metrics` says its durable consumer acked since start. */
async function acked(instance: AppProcess, consumer: string, token?: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`${instance.app} on ${instance.port}: /metrics answered ${response.status}`);
  return (
    sampleValue(parseSamples(await response.text()), 'iren_consumer_messages_total', { consumer, outcome: 'acked' }) ??
    0
  );
}

/** Whether this audit instance says, in `/health`, that it holds the ledger writer's lease. */
async function holdsWriterLease(instance: AppProcess): Promise<boolean> {
  type Health = { details?: { leases?: { lease: string; held: boolean }[] } };
  const health = await fetch(`http://127.0.0.1:${instance.port}/health`).then(
    (r) => r.json() as Promise<Health>,
    () => undefined,
  );
  const leases = health?.details?.leases ?? [];
  return leases.some((l) => l.lease === WRITER_LEASE && l.held);
}

/** Whether every durable consumer of this instance is stopped, as its `/health` says (`details.consumers`). */
async function consumersStopped(instance: AppProcess): Promise<boolean> {
  type Health = { details?: { consumers?: { state: string; inHand: number }[] } };
  const health = await fetch(`http://127.0.0.1:${instance.port}/health`).then(
    (r) => r.json() as Promise<Health>,
    () => undefined,
  );
  const consumers = health?.details?.consumers ?? [];
  // Stopped, and done with what it had in hand: a batch committed before the pause is acked after it.
  return consumers.length > 0 && consumers.every((c) => c.state === 'stopped' && c.inHand === 0);
}

async function waitFor<T>(what: string, look: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await pause(100);
  }
}

const percent = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((100 * part) / whole)}%`;

describe('faults: two of each app under load', () => {
  let harness: FaultHarness;
  let load: OfficerLoad;
  const log = new PublishLog();

  beforeAll(async () => {
    harness = await FaultHarness.start({
      instances: { registry: 2, router: 2, gateway: 2, audit: 2 },
      // A checkpoint soon after the ledger grows: one to prove from before the kill, one after.
      env: { IREN_CHECKPOINT_EVERY: '50', IREN_CHECKPOINT_SECONDS: '1' },
    });
    const tokens = await registerFaultNodes(harness.api, harness.adminToken);
    const gateways = harness.instancesOf('gateway').map((g) => `http://127.0.0.1:${g.port}`);
    const seed = process.env.IREN_FAULT_SEED ? Number(process.env.IREN_FAULT_SEED) : undefined;
    load = new OfficerLoad(gateways, tokens, log, { ...(seed !== undefined && { seed }) });
  }, 180_000);

  afterAll(async () => {
    await load?.stop();
    await harness?.stop();
  }, 120_000);

  it('shares the work, has every message take effect once, and keeps one ledger across a kill -9 of its writer', async () => {
    const started = Date.now();
    const admin = harness.adminToken;
    const names = harness.names;
    const audits = harness.instancesOf('audit');
    load.start();
    await pause(TIMING.warmMs);

    // One writer: the lease holder consumed everything the ledger has, the standby nothing.
    const holding = await Promise.all(audits.map(holdsWriterLease));
    expect(holding.filter(Boolean)).toHaveLength(1);
    const writer = audits[holding.indexOf(true)];
    const standby = audits[holding.indexOf(false)];
    const auditConsumer = names.consumer('audit_exchange');
    const writerAcked = await acked(writer, auditConsumer);
    expect(writerAcked).toBeGreaterThan(0);
    expect(await acked(standby, auditConsumer)).toBe(0);

    const before = await waitFor('a checkpoint before the kill', async () => {
      const answer = await harness.api<Checkpoint>('GET', '/audit/checkpoint', admin);
      return answer.status === 200 && answer.body.size > 0 ? answer.body : undefined;
    });
    const db = await harness.connectDatabase();
    try {
      const ledgerSize = async () =>
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit.ledger')).rows[0].n;
      await writer.kill('SIGKILL');
      const killedAt = Date.now();
      const sizeAtKill = await ledgerSize();
      await waitFor('the standby taking the ledger writer’s lease', async () =>
        (await holdsWriterLease(standby)) ? true : undefined,
      );
      const takeoverMs = Date.now() - killedAt;
      await pause(TIMING.afterMs);
      await load.stop();
      const answers = log.takeAnswers();
      const report = await checkDeliveries(harness, log);

      // Shares: what each instance's durable consumer acked, from its own /metrics.
      const shares: string[] = [];
      const shareOf = async (app: 'router' | 'gateway', purpose: string, token?: string) => {
        const counts = await Promise.all(harness.instancesOf(app).map((i) => acked(i, names.consumer(purpose), token)));
        const total = counts.reduce((a, b) => a + b, 0);
        shares.push(
          `${names.consumer(purpose)}: ${counts.map((c, i) => `${app}#${i + 1} ${c} (${percent(c, total)})`).join(', ')}`,
        );
        return counts;
      };
      const routers = await shareOf('router', 'router');
      const gateways = await shareOf('gateway', 'gateway_inbox', admin);
      const standbyAcked = await acked(standby, auditConsumer);
      shares.push(
        `${auditConsumer}: writer ${writerAcked} before its kill, standby 0 before and ${standbyAcked} after taking over`,
      );

      // The ledger after: a checkpoint over all of it, consistent with the one before the kill.
      const finalSize = await ledgerSize();
      const after = await waitFor('a checkpoint of the whole ledger', async () => {
        const answer = await harness.api<Checkpoint>('GET', '/audit/checkpoint', admin);
        return answer.status === 200 && answer.body.size === finalSize ? answer.body : undefined;
      });
      const key = await harness.api<{ publicKey: string }>('GET', '/audit/public-key', admin);
      const consistency = await harness.api<{ hashes: string[] }>(
        'GET',
        `/audit/proofs/consistency?from=${before.size}&to=${after.size}`,
        admin,
      );
      const hex = (hashes: string[]) => hashes.map((h) => Buffer.from(h, 'hex'));
      const consistent = verifyConsistency(
        before.size,
        after.size,
        Buffer.from(before.rootHash, 'hex'),
        Buffer.from(after.rootHash, 'hex'),
        hex(consistency.body.hashes),
      );
      // Entries written around the kill: the last before it, the first the new writer appended.
      const around = [...new Set([sizeAtKill - 2, sizeAtKill - 1, sizeAtKill, sizeAtKill + 1, finalSize - 1])].filter(
        (i) => i >= 0 && i < after.size,
      );
      const included: boolean[] = [];
      for (const index of around) {
        const leaf = await db.query<{ leaf_hash: string }>('SELECT leaf_hash FROM audit.ledger WHERE index = $1', [
          index,
        ]);
        const proof = await harness.api<{ hashes: string[] }>(
          'GET',
          `/audit/proofs/inclusion?index=${index}&size=${after.size}`,
          admin,
        );
        included.push(
          verifyInclusion(
            Buffer.from(leaf.rows[0].leaf_hash, 'hex'),
            index,
            after.size,
            hex(proof.body.hashes),
            Buffer.from(after.rootHash, 'hex'),
          ),
        );
      }

      console.log(
        [
          ...reportLines('audit writer killed -9 with two of each app', report, [
            `took ${((Date.now() - started) / 1000).toFixed(0)} s; alerts drawn from seed ${load.seedUsed}`,
            `officers' answers: ${answersLine(answers)}`,
            `ledger writer's lease taken over ${(takeoverMs / 1000).toFixed(1)} s after the kill (ledger at ${sizeAtKill} entries)`,
            ...shares,
            `checkpoints ${before.size} → ${after.size}: signatures ${verifyCheckpoint(before, key.body.publicKey) && verifyCheckpoint(after, key.body.publicKey) ? 'OK' : 'BAD'}, consistency ${consistent ? 'OK' : 'BAD'}, inclusion of entries ${around.join(', ')}: ${included.map((ok) => (ok ? 'OK' : 'BAD')).join(', ')}`,
          ]),
        ].join('\n'),
      );

      expect(report.verdict.accepted).toBeGreaterThan(0);
      const { lost, unexpected, duplicateEffects, ledgerGaps } = report.verdict;
      expect({ lost, unexpected, duplicateEffects, ledgerGaps }).toEqual(NOTHING_WRONG);
      for (const count of [...routers, ...gateways]) expect(count).toBeGreaterThan(0);
      expect(standbyAcked).toBeGreaterThan(0);
      expect(verifyCheckpoint(before, key.body.publicKey)).toBe(true);
      expect(verifyCheckpoint(after, key.body.publicKey)).toBe(true);
      expect(after.size).toBeGreaterThan(sizeAtKill);
      expect(consistent).toBe(true);
      expect(included).toEqual(around.map(() => true));
    } finally {
      await db.end();
    }
  }, 300_000);

  it('stops a writer paused past its lease at once when it resumes, the standby writing meanwhile, each message once', async () => {
    const audits = harness.instancesOf('audit');
    // The writer killed above comes back, as the standby now.
    await Promise.all(audits.filter((a) => !a.running).map((a) => a.start()));
    const auditConsumer = harness.names.consumer('audit_exchange');
    const from = log.accepted.length;
    load.start();
    await pause(4_000);
    const holding = await Promise.all(audits.map(holdsWriterLease));
    expect(holding.filter(Boolean)).toHaveLength(1);
    const writer = audits[holding.indexOf(true)];
    const standby = audits[holding.indexOf(false)];
    const standbyBefore = await acked(standby, auditConsumer);
    writer.pause();
    const pausedAt = Date.now();
    await waitFor('the standby taking the paused writer’s lease', async () =>
      (await holdsWriterLease(standby)) ? true : undefined,
    );
    const takeoverMs = Date.now() - pausedAt;
    await pause(3_000);
    writer.resume();
    // Running again, it says at once that it does not hold the lease; once its consumers have
    // stopped (a batch it had in hand finished or left), it appends nothing more.
    const resumedHolds = await holdsWriterLease(writer);
    await waitFor('the old writer’s consumers stopping', async () =>
      (await consumersStopped(writer)) ? true : undefined,
    );
    const writerAfterResume = await acked(writer, auditConsumer);
    await pause(4_000);
    await load.stop();
    const answers = log.takeAnswers();
    const report = await checkDeliveries(harness, log, { from });
    const writerAtEnd = await acked(writer, auditConsumer);
    const standbyAtEnd = await acked(standby, auditConsumer);
    console.log(
      reportLines('audit writer paused (SIGSTOP) past its lease with two of each app', report, [
        `officers' answers: ${answersLine(answers)}`,
        `ledger writer's lease taken over ${(takeoverMs / 1000).toFixed(1)} s after the pause; resumed, the old writer reports holding it: ${resumedHolds}`,
        `${auditConsumer}: old writer ${writerAfterResume} on resuming, ${writerAtEnd} at the end; new writer ${standbyBefore} before, ${standbyAtEnd} at the end`,
      ]).join('\n'),
    );
    const { lost, unexpected, duplicateEffects, ledgerGaps } = report.verdict;
    expect({ lost, unexpected, duplicateEffects, ledgerGaps }).toEqual(NOTHING_WRONG);
    expect(report.verdict.accepted).toBeGreaterThan(0);
    expect(resumedHolds).toBe(false);
    expect(writerAtEnd).toBe(writerAfterResume);
    expect(standbyAtEnd).toBeGreaterThan(standbyBefore);
  }, 300_000);
});
