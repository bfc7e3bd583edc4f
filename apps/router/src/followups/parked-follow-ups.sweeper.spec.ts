import type { Logger } from 'pino';
import type { RouteMessage } from '../routing/route-message.usecase';
import type { ParkedFollowUps } from './parked-follow-ups';
import { PARKING_LIMIT_MS, ParkedFollowUpsSweeper, SWEEP_EVERY_MS } from './parked-follow-ups.sweeper';
import type { PendingFollowUpEntity } from './pending-follow-up.entity';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const row = (n: number): PendingFollowUpEntity =>
  ({ followUpId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, refersTo: 'x' }) as PendingFollowUpEntity;

function logger() {
  const lines: { level: string; args: unknown[] }[] = [];
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push({ level, args });
  const l = { info: log('info'), warn: log('warn'), error: log('error') } as unknown as Logger;
  return { lines, root: { child: () => l } as unknown as Logger };
}

/** A sweeper over `rows` (the due follow-ups, by id), settling each as `settle` says. */
function sweeperOver(
  rows: PendingFollowUpEntity[],
  settle: (r: PendingFollowUpEntity) => Promise<'routed' | 'refused'>,
) {
  const asked: { parkedBefore: Date; after: string | null }[] = [];
  const parked = {
    due: async (parkedBefore: Date, after: string | null, limit: number) => {
      asked.push({ parkedBefore, after });
      return rows.filter((r) => after === null || r.followUpId > after).slice(0, limit);
    },
  } as unknown as ParkedFollowUps;
  const route = { settleParked: jest.fn(settle) } as unknown as RouteMessage;
  const log = logger();
  return { sweeper: new ParkedFollowUpsSweeper(parked, route, () => NOW, log.root), asked, route, log };
}

describe(ParkedFollowUpsSweeper.name, () => {
  afterEach(() => jest.useRealTimers());

  it('settles what was parked before the EXCHANGE stream’s max age, counting each outcome', async () => {
    const rows = [row(1), row(2), row(3)];
    const { sweeper, asked } = sweeperOver(rows, async (r) => (r === rows[1] ? 'routed' : 'refused'));

    expect(await sweeper.tick()).toEqual({ routed: 1, refused: 2 });

    expect(asked[0]).toEqual({ parkedBefore: new Date(NOW.getTime() - PARKING_LIMIT_MS), after: null });
    expect(PARKING_LIMIT_MS).toBe(90 * 24 * 3600 * 1000);
  });

  it('goes page by page, each follow-up once, even one that stays parked', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(i));
    const { sweeper, asked, route } = sweeperOver(rows, async () => 'refused');

    expect(await sweeper.tick()).toEqual({ routed: 0, refused: 250 });

    expect(asked.map((a) => a.after)).toEqual([null, rows[99].followUpId, rows[199].followUpId]);
    expect(route.settleParked).toHaveBeenCalledTimes(250);
  });

  it('logs a database error and tries again at the next sweep, never rejecting', async () => {
    let down = true;
    const { sweeper, log } = sweeperOver([row(1)], async () => {
      if (down) throw new Error('connection terminated');
      return 'refused';
    });

    await expect(sweeper.tick()).resolves.toBeUndefined();
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        args: [{ err: expect.any(Error) }, expect.stringContaining('next sweep')],
      }),
    ]);
    down = false;
    expect(await sweeper.tick()).toEqual({ routed: 0, refused: 1 });
  });

  it('runs one sweep at a time', async () => {
    let settleNow!: () => void;
    const { sweeper, route } = sweeperOver([row(1)], () => new Promise((r) => (settleNow = () => r('routed'))));
    const first = sweeper.tick();
    const second = sweeper.tick();
    await new Promise((r) => setImmediate(r));
    settleNow();
    expect(await first).toEqual({ routed: 1, refused: 0 });
    expect(await second).toEqual({ routed: 1, refused: 0 });
    expect(route.settleParked).toHaveBeenCalledTimes(1);
  });

  it('sweeps once at start and then every hour, until shut down', async () => {
    jest.useFakeTimers();
    const { sweeper, asked } = sweeperOver([], async () => 'routed');
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(0);
    expect(asked).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(SWEEP_EVERY_MS - 1);
    expect(asked).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(asked).toHaveLength(2);
    await sweeper.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(3 * SWEEP_EVERY_MS);
    expect(asked).toHaveLength(2);
  });
});
