import { EnvelopeDto, validatePlain } from '@iren/contracts';
import {
  hitAlertFor,
  hitDeliveryId,
  hitEnvelope,
  type HitNotice,
  maySee,
  nameBasedUuid,
  type IndexedAlert,
} from './hit-message';
import { HitIds } from './hit-ids';

const ids = new HitIds(Buffer.alloc(32, 7));
const hitIdOf = (identifier: Parameters<HitIds['of']>[0], nodes: [string, string]) => ids.of(identifier, nodes);

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

describe(hitEnvelope.name, () => {
  const madeAt = new Date('2026-11-27T08:00:01.000Z');
  const notice: HitNotice = {
    hitId: hitIdOf(container, ['AZ-PCU-BAKU', 'GE-PCU-POTI']),
    sequence: 1,
    identifier: container,
    alerts: [baku, poti],
    digest: null,
    windowDays: 90,
    madeAt,
    triggeredBy: poti.id,
    correlationId: null,
  };
  const recipients = new Map([
    [baku.id, baku.recipients],
    [poti.id, poti.recipients],
  ]);

  it('tells each origin of its own alert in full and of the other as it was entitled to see it', () => {
    const forPoti = hitEnvelope(notice, 'GE-PCU-POTI', recipients);
    expect(forPoti).toMatchObject({
      kind: 'HIT',
      origin: 'GE-PCU-POTI',
      tlp: 'AMBER',
      to: { nodes: ['GE-PCU-POTI'] },
      createdAt: madeAt.toISOString(),
    });
    expect(forPoti.body).toEqual({
      identifier: container,
      windowDays: 90,
      alerts: [
        { visible: false, origin: 'AZ', createdAt: '2026-11-20' },
        expect.objectContaining({ visible: true, id: poti.id }),
      ],
    });
    // Poti's alert reached Baku, so Baku sees both.
    expect(hitEnvelope(notice, 'AZ-PCU-BAKU', recipients).body.alerts.map((a) => a.visible)).toEqual([true, true]);
  });

  it('redacts an alert whose recipients are not known', () => {
    expect(hitEnvelope(notice, 'AZ-PCU-BAKU', new Map()).body.alerts.map((a) => a.visible)).toEqual([true, false]);
  });

  it('carries the counts of a digest', () => {
    const digest = { ...notice, sequence: 3, digest: { alertCount: 9, alertsSinceLastHit: 4 } };
    expect(hitEnvelope(digest, 'GE-PCU-POTI', recipients).body).toMatchObject({ alertCount: 9, alertsSinceLastHit: 4 });
  });

  it('makes envelopes the network itself accepts, opening HITs and digests', () => {
    for (const node of ['GE-PCU-POTI', 'AZ-PCU-BAKU']) {
      for (const n of [notice, { ...notice, sequence: 2, digest: { alertCount: 3, alertsSinceLastHit: 1 } }]) {
        const envelope = hitEnvelope(n, node, recipients);
        expect(validatePlain(EnvelopeDto, JSON.parse(JSON.stringify(envelope))).errors).toEqual([]);
      }
    }
  });

  it('gives the same notice the same id, each node its own, and each notice of a hit its own', () => {
    const once = hitEnvelope(notice, 'GE-PCU-POTI', recipients);
    expect(hitEnvelope({ ...notice }, 'GE-PCU-POTI', recipients)).toEqual(once);
    expect(hitEnvelope(notice, 'AZ-PCU-BAKU', recipients).id).not.toBe(once.id);
    expect(hitEnvelope({ ...notice, sequence: 2 }, 'GE-PCU-POTI', recipients).id).not.toBe(once.id);
    const imoHit = hitIdOf({ type: 'IMO', value: 'IMO9074729' }, ['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    expect(hitEnvelope({ ...notice, hitId: imoHit }, 'GE-PCU-POTI', recipients).id).not.toBe(once.id);
  });
});

describe(HitIds.name, () => {
  it('is one id per identifier and pair of nodes', () => {
    const id = hitIdOf(container, ['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(hitIdOf({ ...container }, ['AZ-PCU-BAKU', 'GE-PCU-POTI'])).toBe(id);
    expect(hitIdOf(container, ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'])).not.toBe(id);
    expect(hitIdOf({ type: 'BILL_OF_LADING', value: container.value }, ['AZ-PCU-BAKU', 'GE-PCU-POTI'])).not.toBe(id);
  });

  it('cannot be recomputed without the key: a node trying every pair finds nothing', () => {
    const id = hitIdOf(container, ['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    const guessed = new HitIds(Buffer.alloc(32, 8)).of(container, ['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    expect(guessed).not.toBe(id);
    // Nor is it the name-based UUID of the same name, which anyone could compute.
    expect(nameBasedUuid(`hit:CONTAINER:${container.value}:AZ-PCU-BAKU:GE-PCU-POTI`)).not.toBe(id);
  });
});

describe(hitDeliveryId.name, () => {
  it('names the hit, the notice and the node, never the identifier', () => {
    const hitId = hitIdOf(container, ['AZ-PCU-BAKU', 'GE-PCU-POTI']);
    expect(hitDeliveryId(hitId, 2, 'AZ-PCU-BAKU')).toBe(`hit:${hitId}:2:AZ-PCU-BAKU`);
    expect(hitDeliveryId(hitId, 2, 'AZ-PCU-BAKU')).not.toContain(container.value);
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
