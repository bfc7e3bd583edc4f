import { jetstreamManager } from '@nats-io/jetstream';
import { statSync, truncateSync } from 'node:fs';
import type { FaultHarness } from '../harness/fault-harness';
import { pause } from './pause';

/** What the broker lost: the bytes cut from EXCHANGE's block files, and the stream's messages before and after. */
export interface LostTail {
  bytes: number;
  messagesBefore: number;
  messagesAfter: number;
}

/**
 * The broker losing its unsynced tail, as a single server would in a power cut before its next
 * sync (NATS 2.9 syncs every two minutes): whatever EXCHANGE wrote after a moment it had on disk
 * is gone, although JetStream acknowledged it and the gateway's outbox marked it sent. The router
 * and the audit service are paused at that moment so that nobody reads the tail before it is lost;
 * the officers go on publishing for `tailMs` (then stop for a moment, when `load` is given); once
 * the outbox has sent everything, nats-server is stopped, the newest block file cut back to its size at that moment (newer ones emptied), and the
 * server, the router and the audit service started again.
 */
export async function loseBrokerTail(
  harness: FaultHarness,
  options: { tailMs: number; load?: { stop(): Promise<void>; start(): void } },
): Promise<LostTail> {
  const synced = new Map(harness.nats.exchangeBlocks().map((file) => [file, statSync(file).size]));
  harness.note(`router and audit paused; EXCHANGE on disk: ${describe(synced)}`);
  harness.app('router').pause();
  harness.app('audit').pause();
  await pause(options.tailMs);
  // Quiet for a moment, so the outbox can be seen empty: every alert of the tail is sent by then.
  await options.load?.stop();
  await outboxSent(harness);
  const messagesBefore = await exchangeMessages(harness);
  await harness.nats.stop();
  let bytes = 0;
  for (const file of harness.nats.exchangeBlocks()) {
    const keep = synced.get(file) ?? 0;
    bytes += statSync(file).size - keep;
    truncateSync(file, keep);
  }
  await harness.nats.start();
  options.load?.start();
  harness.app('router').resume();
  harness.app('audit').resume();
  const messagesAfter = await exchangeMessages(harness);
  harness.note(
    `nats-server restarted without the tail: ${bytes} bytes, EXCHANGE ${messagesBefore} → ${messagesAfter} messages`,
  );
  return { bytes, messagesBefore, messagesAfter };
}

function describe(sizes: Map<string, number>): string {
  return [...sizes].map(([file, size]) => `${file.split('/').at(-1)} ${size} B`).join(', ') || 'no block yet';
}

/** Waits until the gateway's outbox has nothing unsent: the tail is then sent as far as the outbox knows. */
async function outboxSent(harness: FaultHarness): Promise<void> {
  const db = await harness.connectDatabase();
  try {
    for (let i = 0; i < 120; i++) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM gateway.outbox WHERE sent_at IS NULL`);
      if (rows[0].n === 0) return;
      await pause(500);
    }
    throw new Error('the gateway outbox did not send its rows within 60 s');
  } finally {
    await db.end();
  }
}

async function exchangeMessages(harness: FaultHarness): Promise<number> {
  const nc = await harness.connectNats();
  try {
    const info = await (await jetstreamManager(nc)).streams.info(harness.names.stream('EXCHANGE'));
    return info.state.messages;
  } finally {
    await nc.close();
  }
}
