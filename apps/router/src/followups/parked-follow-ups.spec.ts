import type { Logger } from 'pino';
import type { Envelope } from '@iren/contracts';
import type { HealthDetail } from '@iren/platform';
import type { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import { ParkedFollowUps } from './parked-follow-ups';
import type { ParkedCensus, PendingFollowUpsRepository } from './pending-follow-ups.repository';

const silent = { child: () => ({ info: () => undefined, warn: () => undefined }) } as unknown as Logger;
const withdrawal = { id: 'w', kind: 'WITHDRAWAL', body: { refersTo: 'a' } } as unknown as Envelope;

function parkedOver(census: () => Promise<ParkedCensus>, calls: string[] = []) {
  const pending = {
    park: async () => void calls.push('park'),
    census,
  } as unknown as PendingFollowUpsRepository;
  const routed = {
    find: async () => {
      calls.push('find');
      return null;
    },
  } as unknown as RoutedMessagesRepository;
  const health: HealthDetail[] = [];
  const parked = new ParkedFollowUps(pending, routed, health, silent);
  return { parked, detail: () => health.find((d) => d.name === 'followUps')!.detail() };
}

describe(ParkedFollowUps.name, () => {
  it('parks the follow-up before it looks for the original once more', async () => {
    const calls: string[] = [];
    const { parked } = parkedOver(async () => ({ parked: 1, oldestParkedAt: null }), calls);
    expect(await parked.park(withdrawal, 'a')).toBeNull();
    expect(calls).toEqual(['park', 'find']);
  });

  it('shows in /health the last count, and has the table counted again at each read', async () => {
    let census: ParkedCensus = { parked: 2, oldestParkedAt: new Date('2026-11-20T12:00:00.000Z') };
    const { parked, detail } = parkedOver(async () => census);
    expect(detail()).toEqual({ parked: 0, oldestParkedAt: null });
    await parked.onApplicationBootstrap();
    census = { parked: 0, oldestParkedAt: null };
    expect(detail()).toEqual({ parked: 2, oldestParkedAt: '2026-11-20T12:00:00.000Z' });
    await parked.recount();
    expect(detail()).toEqual({ parked: 0, oldestParkedAt: null });
  });

  it('counts once more after a count that was under way when asked', async () => {
    const answers: ((c: ParkedCensus) => void)[] = [];
    const { parked, detail } = parkedOver(() => new Promise((r) => answers.push(r)));
    const first = parked.recount();
    const second = parked.recount();
    const third = parked.recount();
    answers[0]({ parked: 1, oldestParkedAt: null });
    await first;
    await new Promise((r) => setImmediate(r));
    expect(answers).toHaveLength(2);
    answers[1]({ parked: 3, oldestParkedAt: null });
    await Promise.all([second, third]);
    expect(detail()).toEqual({ parked: 3, oldestParkedAt: null });
  });

  it('keeps the last count when the database cannot be read', async () => {
    let fail = false;
    const { parked, detail } = parkedOver(async () => {
      if (fail) throw new Error('database down');
      return { parked: 4, oldestParkedAt: null };
    });
    await parked.recount();
    fail = true;
    await expect(parked.recount()).resolves.toBeUndefined();
    expect(detail()).toEqual({ parked: 4, oldestParkedAt: null });
  });
});
