import type { AcceptedAlert } from '../load/publish-log';
import { isClean, judgeDeliveries, type StoredEffects } from './delivery-verdict';

const alert = (id: string, entitled: string[]): AcceptedAlert => ({
  id,
  origin: 'AZ-PCU-BAKU',
  alert: {},
  entitled,
  acceptedAt: 0,
});

/** Everything a clean run stores for these alerts: one delivery per entitled node, and their ledger entries. */
function cleanEffects(alerts: AcceptedAlert[]): StoredEffects {
  return {
    deliveries: alerts.flatMap((a) => a.entitled.map((node) => ({ messageId: a.id, node, rows: 1 }))),
    ledger: alerts.flatMap((a) => [
      { type: 'message.published' as const, messageId: a.id, node: a.origin, entries: 1 },
      ...a.entitled.map((node) => ({ type: 'message.delivered' as const, messageId: a.id, node, entries: 1 })),
    ]),
  };
}

describe(judgeDeliveries.name, () => {
  const alerts = [alert('m1', ['KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT']), alert('m2', ['KZ-HQ-ASTANA']), alert('m3', [])];

  it('counts nothing but the accepted alerts when every effect is there once', () => {
    const verdict = judgeDeliveries(alerts, cleanEffects(alerts));
    expect(verdict).toMatchObject({ accepted: 3, lost: 0, unexpected: 0, duplicateEffects: 0, ledgerGaps: 0 });
    expect(isClean(verdict)).toBe(true);
  });

  it('counts a delivery missing for an entitled node as lost', () => {
    const effects = cleanEffects(alerts);
    effects.deliveries = effects.deliveries.filter((d) => !(d.messageId === 'm1' && d.node === 'UZ-HQ-TASHKENT'));
    const verdict = judgeDeliveries(alerts, effects);
    expect(verdict).toMatchObject({ lost: 1, unexpected: 0, duplicateEffects: 0, ledgerGaps: 0 });
    expect(verdict.examples).toEqual(['lost: m1 (from AZ-PCU-BAKU) never reached UZ-HQ-TASHKENT']);
    expect(isClean(verdict)).toBe(false);
  });

  it('counts a delivery to a node the preview did not name as unexpected, and its missing ledger entry', () => {
    const effects = cleanEffects(alerts);
    effects.deliveries.push({ messageId: 'm3', node: 'TJ-HQ-DUSHANBE', rows: 1 });
    expect(judgeDeliveries(alerts, effects)).toMatchObject({ lost: 0, unexpected: 1, ledgerGaps: 1 });
  });

  it('counts each repeated effect: delivery rows, published and delivered entries', () => {
    const effects = cleanEffects(alerts);
    effects.deliveries[0].rows = 2;
    effects.ledger.push({ type: 'message.published', messageId: 'm2', node: 'AZ-PCU-BAKU', entries: 1 });
    effects.ledger.find((e) => e.type === 'message.delivered' && e.messageId === 'm2')!.entries = 3;
    expect(judgeDeliveries(alerts, effects)).toMatchObject({ lost: 0, unexpected: 0, duplicateEffects: 4 });
  });

  it('counts a missing published entry and a stored delivery without its delivered entry as ledger gaps', () => {
    const effects = cleanEffects(alerts);
    effects.ledger = effects.ledger.filter(
      (e) =>
        !(e.messageId === 'm3' && e.type === 'message.published') &&
        !(e.messageId === 'm2' && e.node !== 'AZ-PCU-BAKU'),
    );
    expect(judgeDeliveries(alerts, effects)).toMatchObject({ lost: 0, ledgerGaps: 2 });
  });
});
