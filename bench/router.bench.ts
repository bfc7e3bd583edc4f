/**
 * The router alone (issue 10, 4 c): messages routed per second from a pre-filled `EXCHANGE`, with
 * 10, 1,000 and 10,000 subscription filters, beside a bare router in the same run: one pull
 * consumer on a pre-filled copy of the same messages that validates nothing and republishes each
 * to an `INBOX` subject, then acks. Prints figures; never asserts on time.
 *
 *   npm run build && node dist/bench/router.bench.js [--quick] [--sizes=10,1000,10000] [--runs=3]
 *     [--alerts=4000] [--nodes=200] [--port=4300]
 *
 * Needs the built apps (dist/) and the local NATS and PostgreSQL; uses its own database and
 * namespace and removes them afterwards.
 */
import { AckPolicy, type JsMsg } from '@nats-io/jetstream';
import { HEADERS } from '@iren/contracts';
import { streamConfig } from '@iren/messaging';
import { benchArgs, emitFigures } from './lib/emit';
import { against, figureOf } from './lib/figures';
import { cleanUpOnStop } from './lib/stop-hooks';
import { RECIPIENTS_PER_ALERT, RouterNetwork, type SignedAlert, SubscriptionLayout } from './lib/router-fixture';

/** How often the router's consumer is polled while it works. */
const POLL_MS = 50;

/**
 * Pre-fills `EXCHANGE` with `alerts` while the router is paused (SIGSTOP: its pulls lapse, nothing is
 * acked), resumes it and answers the messages it acknowledged per second, from its resumption to
 * an empty backlog; checks that every one was routed to its recipients.
 */
async function timeRouter(net: RouterNetwork, alerts: SignedAlert[], timeoutMs: number): Promise<number> {
  const count = alerts.length;
  const before = await net.routed();
  const deadLetters = await net.deadLetters();
  net.apps.router.pause();
  let emptyAt: number | undefined;
  try {
    await net.publish(alerts);
    const backlogAtStart = await net.routerBacklog();
    if (backlogAtStart !== count) throw new Error(`the router's backlog is ${backlogAtStart}, ${count} expected`);
  } finally {
    net.apps.router.resume();
  }
  const resumedAt = performance.now();
  const deadline = performance.now() + timeoutMs;
  while (emptyAt === undefined) {
    if (performance.now() > deadline)
      throw new Error(`the router did not drain ${count} messages in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    const backlog = await net.routerBacklog();
    if (backlog === 0) emptyAt = performance.now();
  }
  const after = await net.routed();
  if (after.messages - before.messages !== count || (await net.deadLetters()) !== deadLetters) {
    throw new Error(
      `the router recorded ${after.messages - before.messages} of ${count} messages as routed ` +
        `(dead letters ${deadLetters} → ${await net.deadLetters()}; its output: ${net.logFile})`,
    );
  }
  const recipients = (after.recipients - before.recipients) / count;
  if (recipients !== RECIPIENTS_PER_ALERT) {
    const counts = await net.recipientCounts(count);
    throw new Error(
      `alerts reached ${recipients} nodes on average, ${RECIPIENTS_PER_ALERT} expected (fewest: ${counts})`,
    );
  }
  // From the resumption: waking up (its pulls lapsed while it was stopped) is part of the time.
  return count / ((emptyAt - resumedAt) / 1000);
}

/**
 * The bare router: the same messages in a stream of their own (configured as `EXCHANGE`), one pull
 * consumer, each message republished with an async publish to an inbox subject of a stream
 * configured as `INBOX`, and acked once the publish is acknowledged. Answers messages per second,
 * first message to last ack. Both streams are removed afterwards. It is so much faster that it gets
 * `total` messages (the router's alerts over again, each copy with a dedupe id of its own), so
 * that it is timed over more than a blink.
 */
async function timeBareRouter(net: RouterNetwork, routed: SignedAlert[], total: number): Promise<number> {
  const { names, jsm, js } = net;
  const alerts = Array.from({ length: Math.max(total, routed.length) }, (_, k) => {
    const alert = routed[k % routed.length];
    return { ...alert, msgId: `${alert.msgId}:${Math.floor(k / routed.length)}` };
  });
  const settings = { replicas: 1, maxBytes: 256 * 1024 ** 2 };
  const source = { name: `${names.namespace}_BARE_EXCHANGE`, prefix: `${names.namespace}.bare_exchange` };
  const target = { name: `${names.namespace}_BARE_INBOX`, prefix: `${names.namespace}.bare_inbox` };
  await jsm.streams.add({
    ...streamConfig(names, 'EXCHANGE', settings),
    name: source.name,
    subjects: [`${source.prefix}.>`],
  });
  try {
    await jsm.streams.add({
      ...streamConfig(names, 'INBOX', settings),
      name: target.name,
      subjects: [`${target.prefix}.>`],
    });
    await net.publish(alerts, (a) => `${source.prefix}.${a.subject}`);
    await jsm.consumers.add(source.name, {
      durable_name: 'bare',
      ack_policy: AckPolicy.Explicit,
      ack_wait: 30_000_000_000,
      max_ack_pending: 1000,
    });
    const consumer = await js.consumers.get(source.name, 'bare');
    const messages = await consumer.consume({ max_messages: 256 });
    const inboxes = net.nodes.map((node) => `${target.prefix}.${node}`);
    const republished: Promise<void>[] = [];
    let started = 0;
    const republish = (m: JsMsg) =>
      js
        .publish(inboxes[m.seq % inboxes.length], m.data, { msgID: `${m.headers?.get(HEADERS.msgId)}:bare` })
        .then(() => m.ack());
    for await (const m of messages) {
      if (republished.length === 0) started = performance.now();
      republished.push(republish(m));
      if (republished.length === alerts.length) break;
    }
    await Promise.all(republished);
    const done = performance.now();
    await messages.close();
    return alerts.length / ((done - started) / 1000);
  } finally {
    await jsm.streams.delete(source.name);
    await jsm.streams.delete(target.name).catch(() => undefined);
  }
}

/** Waits until the router routes probes to every node of `layout`: its view of the registry then holds the layout. */
async function untilRouterHolds(net: RouterNetwork, layout: SubscriptionLayout, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const reached = await net.probe(layout);
    if (reached === layout.owners) return;
    const lag = `probes reached ${reached} of ${layout.owners} nodes`;
    if (performance.now() > deadline)
      throw new Error(`the router's view did not take in ${layout.filters} filters (${lag})`);
    console.log(`the router's view lags the registry bucket (${lag}); probing again`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main(): Promise<void> {
  const args = benchArgs();
  const sizes = args.numbers('sizes', [10, 1_000, 10_000]);
  const runs = args.number('runs', 3, 2);
  const count = args.number('alerts', 5_000, 1_000);
  const bareCount = args.number('bare-alerts', 20_000, 2_000);
  const nodes = args.number('nodes', 200, 100);
  const port = args.number('port', 4300);
  const timeoutMs = args.number('timeout-s', 240, 60) * 1000;
  console.log(
    `router benchmark: ${sizes.join(', ')} subscription filters over up to ${nodes} nodes, ` +
      `${count} alerts a run, ${runs} runs, node ${process.version}`,
  );
  const started = performance.now();
  const net = await RouterNetwork.start({ port, nodes });
  console.log(`network up, ${nodes} nodes registered in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const forget = cleanUpOnStop(() => net.close());
  try {
    for (const size of sizes) {
      const layout = new SubscriptionLayout(size, nodes);
      if (!net.apps.gateway.running) await net.apps.gateway.start();
      await net.subscribe(layout);
      // Only the registry stays up beside the router: the gateway would read INBOX as the router fills it.
      await net.apps.gateway.stop();
      await untilRouterHolds(net, layout, timeoutMs);
      const router: number[] = [];
      const bare: number[] = [];
      for (let run = 0; run < runs; run++) {
        const alerts = net.signAlerts(layout, count);
        router.push(await timeRouter(net, alerts, timeoutMs));
        bare.push(await timeBareRouter(net, alerts, bareCount));
        console.log(
          `[${((performance.now() - started) / 1000).toFixed(0)} s] ${size} filters, run ${run + 1}: router ${router[run].toFixed(0)} msgs/s, bare ${bare[run].toFixed(0)} msgs/s`,
        );
      }
      const label = `${size.toLocaleString('en')} subscription filters`;
      const bareFigure = figureOf('router', `bare router (beside ${label})`, 'msgs/s', bare);
      const note =
        `${layout.owners} nodes, ${RECIPIENTS_PER_ALERT} recipients per alert, ${count} alerts a run` +
        (size >= 10_000 ? '; target: at least 0.8 × the bare router' : '');
      // As it goes: what was measured is kept if the runner's time limit stops the rest.
      emitFigures([bareFigure, against(figureOf('router', `router, ${label}`, 'msgs/s', router, note), bareFigure)]);
    }
  } finally {
    forget();
    await net.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
