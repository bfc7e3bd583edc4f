import { EnvelopeDto, validatePlain } from '@iren/contracts';
import {
  hitAlertFor,
  hitDeliveryId,
  hitEnvelope,
  maySee,
  nameBasedUuid,
  orderPair,
  type IndexedAlert,
} from './hit-message';

const baku: IndexedAlert = {
  id: '0b7e6c52-8a8f-4a39-9f59-1a0a5f1f0d01',
  origin: 'AZ-PCU-BAKU',
  createdAt: new Date('2026-11-20T23:30:00.000Z'),
  title: 'Antibiotics via Aktau',
  recipients: ['KZ-PCU-AKTAU'],
};
const poti: IndexedAlert = {
  id: '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f',
  origin: 'GE-PCU-POTI',
  createdAt: new Date('2026-11-27T08:00:00.000Z'),
  title: 'Counterfeit cigarettes',
  recipients: ['AZ-PCU-BAKU'],
};
const container = { type: 'CONTAINER' as const, value: 'CSQU3054383' };

describe(maySee.name, () => {
  it('lets the origin and the recorded recipients see an alert, and nobody else', () => {
    expect(maySee('AZ-PCU-BAKU', baku)).toBe(true);
    expect(maySee('KZ-PCU-AKTAU', baku)).toBe(true);
    expect(maySee('GE-PCU-POTI', baku)).toBe(false);
    expect(maySee('AZ-HQ-BAKU', baku)).toBe(false); // same country is not entitlement
  });
});

describe(hitAlertFor.name, () => {
  it('shows an entitled node the alert in full', () => {
    expect(hitAlertFor('KZ-PCU-AKTAU', baku)).toEqual({
      visible: true,
      id: baku.id,
      origin: 'AZ-PCU-BAKU',
      createdAt: '2026-11-20T23:30:00.000Z',
      title: 'Antibiotics via Aktau',
    });
  });

  it('leaves out a title the alert did not have', () => {
    expect(hitAlertFor('AZ-PCU-BAKU', { ...baku, title: null })).not.toHaveProperty('title');
  });

  it('tells a node not entitled only that an alert exists: country of origin and UTC day', () => {
    expect(hitAlertFor('GE-PCU-POTI', baku)).toEqual({ visible: false, origin: 'AZ', createdAt: '2026-11-20' });
  });
});

describe(orderPair.name, () => {
  it('puts the earlier alert first, whichever is given first', () => {
    expect(orderPair(poti, baku)).toEqual([baku, poti]);
    expect(orderPair(baku, poti)).toEqual([baku, poti]);
  });

  it('orders alerts of the same instant by id', () => {
    const twin = { ...poti, createdAt: baku.createdAt };
    expect(orderPair(twin, baku)).toEqual([baku, twin]);
    expect(orderPair(baku, twin)).toEqual([baku, twin]);
  });
});

describe(hitEnvelope.name, () => {
  const now = new Date('2026-11-27T08:00:01.000Z');

  it('tells each origin of its own alert in full and of the other as it was entitled to see it', () => {
    const forPoti = hitEnvelope({
      pair: [baku, poti],
      identifier: container,
      node: 'GE-PCU-POTI',
      windowDays: 90,
      now,
    });
    expect(forPoti).toMatchObject({ kind: 'HIT', origin: 'GE-PCU-POTI', tlp: 'AMBER', to: { nodes: ['GE-PCU-POTI'] } });
    expect(forPoti.body.alerts).toEqual([
      { visible: false, origin: 'AZ', createdAt: '2026-11-20' },
      expect.objectContaining({ visible: true, id: poti.id }),
    ]);
    // Poti's alert reached Baku, so Baku sees both.
    const forBaku = hitEnvelope({
      pair: [baku, poti],
      identifier: container,
      node: 'AZ-PCU-BAKU',
      windowDays: 90,
      now,
    });
    expect(forBaku.body.alerts.map((a) => a.visible)).toEqual([true, true]);
  });

  it('makes envelopes the network itself accepts', () => {
    for (const node of ['GE-PCU-POTI', 'AZ-PCU-BAKU']) {
      const envelope = hitEnvelope({ pair: [baku, poti], identifier: container, node, windowDays: 90, now });
      expect(validatePlain(EnvelopeDto, JSON.parse(JSON.stringify(envelope))).errors).toEqual([]);
    }
  });

  it('gives the same HIT the same id, and each origin its own', () => {
    const input = { pair: [baku, poti] as [IndexedAlert, IndexedAlert], identifier: container, windowDays: 90, now };
    const once = hitEnvelope({ ...input, node: 'GE-PCU-POTI' });
    const again = hitEnvelope({ ...input, node: 'GE-PCU-POTI', now: new Date() });
    expect(again.id).toBe(once.id);
    expect(hitEnvelope({ ...input, node: 'AZ-PCU-BAKU' }).id).not.toBe(once.id);
    expect(
      hitEnvelope({ ...input, node: 'GE-PCU-POTI', identifier: { type: 'IMO', value: 'IMO9074729' } }).id,
    ).not.toBe(once.id);
  });
});

describe(hitDeliveryId.name, () => {
  it('names both alerts, the identifier and the node', () => {
    expect(hitDeliveryId([baku, poti], container, 'AZ-PCU-BAKU')).toBe(
      `hit:${baku.id}:${poti.id}:CONTAINER:CSQU3054383:AZ-PCU-BAKU`,
    );
  });
});

describe(nameBasedUuid.name, () => {
  it('makes RFC 4122 version 5 UUIDs, stable per name', () => {
    const id = nameBasedUuid('hit:a:b:CONTAINER:X:AZ-PCU-BAKU');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('hit:a:b:CONTAINER:X:AZ-PCU-BAKU')).toBe(id);
    expect(nameBasedUuid('hit:a:b:CONTAINER:X:GE-PCU-POTI')).not.toBe(id);
  });
});
