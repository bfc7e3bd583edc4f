import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { UnavailableError } from '@iren/platform';
import { envelopeFixture, FIXTURE_TIME, jsMsgOf, testKeyDirectory, testNodeKey } from '@iren/messaging/testing';
import type { DetectHits } from '../hits/detect-hits.usecase';
import { ExchangeConsumer } from './exchange-consumer';
import type { RejectMessage } from './reject-message.usecase';
import type { RouteMessage } from './route-message.usecase';
import { RouterPlacement } from './router-placement';
import type { RoutingTable } from './routing-table';

const names = new ExchangeNames('unit');
const ORIGIN = 'KZ-PCU-AKTAU';
const origin = testNodeKey(ORIGIN);

/** A consumer whose registry copy catches up or not, as told; records what it routes, each batch when `routing` lets it. */
function consumerWith(caughtUp: () => boolean, routing: () => Promise<void> = async () => undefined) {
  const routed: string[] = [];
  const directory = {
    ...testKeyDirectory([origin.record], []),
    catchUp: async () => caughtUp(),
    node: (id: string) => ({ id, status: 'ACTIVE' }),
  };
  const consumer = new ExchangeConsumer(
    {} as never,
    names,
    { directory } as unknown as RoutingTable,
    {
      executeMany: async (commands: { envelope: { id: string } }[]) => {
        await routing();
        return commands.map((c) => (routed.push(c.envelope.id), []));
      },
    } as unknown as RouteMessage,
    {} as RejectMessage,
    { executeMany: async () => 0 } as unknown as DetectHits,
    new RouterPlacement({ at: 'hub', sites: [] }, names),
    10 * 60 * 1000,
    pino({ level: 'silent' }),
  );
  return { consumer, routed };
}

const published = () => {
  const envelope = origin.sign({ ...envelopeFixture('ALERT', ORIGIN), createdAt: FIXTURE_TIME.toISOString() });
  const data = new TextEncoder().encode(JSON.stringify(envelope));
  return jsMsgOf({ subject: names.publishSubject(ORIGIN, 'ALERT'), data, time: FIXTURE_TIME });
};

describe(ExchangeConsumer.name, () => {
  it('routes a batch only on a registry copy that caught up; otherwise the batch waits, unrouted', async () => {
    let caughtUp = false;
    const { consumer, routed } = consumerWith(() => caughtUp);
    await expect(consumer.handleBatch([published()])).rejects.toBeInstanceOf(UnavailableError);
    expect(routed).toEqual([]);
    caughtUp = true;
    expect(await consumer.handleBatch([published()])).toEqual([undefined]);
    expect(routed).toHaveLength(1);
  });

  it('routes a batch after the one handed over before it, however much longer that one takes', async () => {
    let releaseFirst!: () => void;
    const firstMayRoute = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const { consumer, routed } = consumerWith(
      () => true,
      () => (++calls === 1 ? firstMayRoute : Promise.resolve()),
    );
    const [a, b] = [published(), published()];
    const first = consumer.handleBatch([a]);
    const second = consumer.handleBatch([b]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(routed).toEqual([]);
    releaseFirst();
    await Promise.all([first, second]);
    const idOf = (msg: typeof a) => (JSON.parse(new TextDecoder().decode(msg.data)) as { id: string }).id;
    expect(routed).toEqual([idOf(a), idOf(b)]);
  });
});
