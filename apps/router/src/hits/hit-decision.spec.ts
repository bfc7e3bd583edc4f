import {
  alertCountOf,
  hitAfterAlert,
  type HitRules,
  type HitState,
  laterAlert,
  orderNodes,
  orderPair,
  type SeenAlert,
  withDueDigest,
} from './hit-decision';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const T0 = new Date('2026-11-20T10:00:00.000Z').getTime();
const rules: HitRules = { windowMs: 90 * DAY, digestMs: HOUR };
const container = { type: 'CONTAINER' as const, value: 'CSQU3054383' };
let serial = 0;

function alertOf(origin: string, atMs: number, id = `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`) {
  return { id, origin, createdAt: new Date(atMs), title: `${origin} ${serial}` } satisfies SeenAlert;
}
const at = (ms: number) => new Date(ms);

/** Feeds alerts one by one as the use case does (each meeting the other node's latest), answering every outcome. */
function replay(alerts: SeenAlert[], nowOf: (alert: SeenAlert) => Date) {
  const latest = new Map<string, SeenAlert>();
  let hit: HitState | null = null;
  const outcomes = [];
  for (const alert of alerts) {
    const other = [...latest.values()].find((a) => a.origin !== alert.origin);
    latest.set(alert.origin, latest.has(alert.origin) ? laterAlert(latest.get(alert.origin)!, alert) : alert);
    if (!other) continue;
    const outcome = hitAfterAlert(hit, container, alert, other, nowOf(alert), rules);
    hit = outcome.hit;
    outcomes.push(outcome);
  }
  return outcomes;
}

describe(hitAfterAlert.name, () => {
  it('opens a hit with the two alerts and tells both nodes at once', () => {
    const poti = alertOf('GE-PCU-POTI', T0);
    const baku = alertOf('AZ-PCU-BAKU', T0 + DAY);
    const { hit, notice } = hitAfterAlert(null, container, baku, poti, at(T0 + DAY), rules);
    expect(notice).toEqual({ sequence: 1, digest: null });
    expect(hit).toEqual({
      identifier: container,
      sides: [
        { node: 'AZ-PCU-BAKU', latest: baku, count: 1 },
        { node: 'GE-PCU-POTI', latest: poti, count: 1 },
      ],
      notifiedSeq: 1,
      notifiedCount: 2,
      notifiedAt: at(T0 + DAY),
    });
  });

  it('counts later alerts within the interval without telling anyone, keeping each side latest', () => {
    const alerts = [alertOf('AZ-PCU-BAKU', T0), alertOf('KZ-PCU-AKTAU', T0 + 1000)];
    alerts.push(
      alertOf('KZ-PCU-AKTAU', T0 + 2000),
      alertOf('AZ-PCU-BAKU', T0 + 3000),
      alertOf('KZ-PCU-AKTAU', T0 + 4000),
    );
    const outcomes = replay(alerts, (a) => at(a.createdAt.getTime()));
    expect(outcomes.map((o) => o.notice)).toEqual([{ sequence: 1, digest: null }, null, null, null]);
    const last = outcomes[3].hit;
    expect(alertCountOf(last)).toBe(5);
    expect(last.sides.map((s) => [s.latest.id, s.count])).toEqual([
      [alerts[3].id, 2],
      [alerts[4].id, 3],
    ]);
    expect(last).toMatchObject({ notifiedSeq: 1, notifiedCount: 2, notifiedAt: at(T0 + 1000) });
  });

  it('keeps the later alert as a side latest when an earlier one is routed after it', () => {
    const [baku, aktau, late] = [
      alertOf('AZ-PCU-BAKU', T0),
      alertOf('KZ-PCU-AKTAU', T0 + 5000),
      alertOf('KZ-PCU-AKTAU', T0),
    ];
    const opened = hitAfterAlert(null, container, aktau, baku, at(T0 + 5000), rules).hit;
    const { hit } = hitAfterAlert(opened, container, late, baku, at(T0 + 6000), rules);
    expect(hit.sides[1]).toEqual({ node: 'KZ-PCU-AKTAU', latest: aktau, count: 2 });
  });

  it('tells both nodes at once, as a digest, of an alert that comes when the last HIT is an interval old', () => {
    const baku = alertOf('AZ-PCU-BAKU', T0);
    const aktau = alertOf('KZ-PCU-AKTAU', T0);
    const opened = hitAfterAlert(null, container, aktau, baku, at(T0), rules).hit;
    const again = alertOf('KZ-PCU-AKTAU', T0 + HOUR);
    expect(hitAfterAlert(opened, container, again, baku, at(T0 + HOUR - 1), rules).notice).toBeNull();
    const { hit, notice } = hitAfterAlert(opened, container, again, baku, at(T0 + HOUR), rules);
    expect(notice).toEqual({ sequence: 2, digest: { alertCount: 3, alertsSinceLastHit: 1 } });
    expect(hit).toMatchObject({ notifiedSeq: 2, notifiedCount: 3, notifiedAt: at(T0 + HOUR) });
  });

  it('opens the hit anew when the two nodes meet again after all its alerts left the window', () => {
    const baku = alertOf('AZ-PCU-BAKU', T0);
    const opened = hitAfterAlert(null, container, alertOf('KZ-PCU-AKTAU', T0), baku, at(T0), rules).hit;
    const bakuLater = alertOf('AZ-PCU-BAKU', T0 + 200 * DAY);
    const aktauLater = alertOf('KZ-PCU-AKTAU', T0 + 201 * DAY);
    const { hit, notice } = hitAfterAlert(opened, container, aktauLater, bakuLater, at(T0 + 201 * DAY), rules);
    expect(notice).toEqual({ sequence: 2, digest: null });
    expect(hit.sides.map((s) => [s.latest, s.count])).toEqual([
      [bakuLater, 1],
      [aktauLater, 1],
    ]);
    expect(hit.notifiedCount).toBe(2);
  });

  it('makes one notice per interval at most however many alerts come (a property over random arrivals)', () => {
    for (let run = 0; run < 50; run += 1) {
      const nodes = ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'];
      const alerts = Array.from({ length: 200 }, (_, i) =>
        alertOf(nodes[Math.floor(Math.random() * 2)], T0 + i * 60_000),
      );
      const outcomes = replay(alerts, (a) => at(a.createdAt.getTime()));
      const noticeTimes = outcomes.filter((o) => o.notice).map((o) => o.hit.notifiedAt.getTime());
      // 200 minutes of alerts: the opening HIT and at most one per hour after it.
      expect(noticeTimes.length).toBeLessThanOrEqual(1 + Math.ceil((200 * 60_000) / HOUR));
      noticeTimes.slice(1).forEach((t, i) => expect(t - noticeTimes[i]).toBeGreaterThanOrEqual(HOUR));
      const last = outcomes[outcomes.length - 1].hit;
      // Every alert after the opening pair is counted once, told or waiting for the digest.
      expect(alertCountOf(last)).toBe(outcomes.length + 1);
      expect(last.notifiedCount).toBeLessThanOrEqual(alertCountOf(last));
    }
  });
});

describe(withDueDigest.name, () => {
  const baku = alertOf('AZ-PCU-BAKU', T0);
  const aktau = alertOf('KZ-PCU-AKTAU', T0);
  const opened = hitAfterAlert(null, container, aktau, baku, at(T0), rules).hit;
  const waiting = [1, 2].reduce(
    (hit, i) => hitAfterAlert(hit, container, alertOf('KZ-PCU-AKTAU', T0 + i), baku, at(T0 + i), rules).hit,
    opened,
  );

  it('makes the digest of what waits once the last HIT is an interval old, and not before', () => {
    expect(withDueDigest(waiting, at(T0 + HOUR - 1), HOUR)).toEqual({ hit: waiting, notice: null });
    const { hit, notice } = withDueDigest(waiting, at(T0 + HOUR), HOUR);
    expect(notice).toEqual({ sequence: 2, digest: { alertCount: 4, alertsSinceLastHit: 2 } });
    expect(hit).toEqual({ ...waiting, notifiedSeq: 2, notifiedCount: 4, notifiedAt: at(T0 + HOUR) });
  });

  it('makes nothing when nothing waits, however old the last HIT', () => {
    expect(withDueDigest(opened, at(T0 + 10 * DAY), HOUR).notice).toBeNull();
    const told = withDueDigest(waiting, at(T0 + HOUR), HOUR).hit;
    expect(withDueDigest(told, at(T0 + 3 * HOUR), HOUR).notice).toBeNull();
  });
});

describe(orderPair.name, () => {
  it('puts the earlier alert first, then the smaller id, whichever is given first', () => {
    const a = alertOf('AZ-PCU-BAKU', T0);
    const b = alertOf('GE-PCU-POTI', T0 + 1);
    expect(orderPair(b, a)).toEqual([a, b]);
    expect(orderPair(a, b)).toEqual([a, b]);
    const twin = { ...b, createdAt: a.createdAt };
    expect(orderPair(twin, a)).toEqual([a, twin]);
    expect(orderPair(a, twin)).toEqual([a, twin]);
  });
});

describe(orderNodes.name, () => {
  it('orders node ids by code point', () => {
    expect(orderNodes('KZ-PCU-AKTAU', 'AZ-PCU-BAKU')).toEqual(['AZ-PCU-BAKU', 'KZ-PCU-AKTAU']);
    expect(orderNodes('AZ-PCU-BAKU', 'AZ-HQ-BAKU')).toEqual(['AZ-HQ-BAKU', 'AZ-PCU-BAKU']);
  });
});
