import { randomUUID } from 'node:crypto';
import { EnvelopeDto } from './envelope.dto';
import { HitAlertDto, HitBodyDto } from './hit-body.dto';
import { validatePlain } from './validate-plain';

const own = () => ({
  visible: true,
  id: randomUUID(),
  origin: 'KZ-PCU-AKTAU',
  createdAt: '2026-11-20T09:30:00.000Z',
  title: 'Falsified antibiotics',
});
const redactedAlert = () => ({ visible: false, origin: 'AZ', createdAt: '2026-11-27' });

function body(change: (b: Record<string, any>) => void = () => undefined): Record<string, any> {
  const plain = {
    identifier: { type: 'CONTAINER', value: 'CSQU3054383' },
    alerts: [own(), redactedAlert()],
    windowDays: 90,
  };
  change(plain);
  return plain;
}

const fieldsOf = (plain: unknown) => validatePlain(HitBodyDto, plain).errors.map((e) => e.field);

describe(HitBodyDto.name, () => {
  it('accepts a visible alert and a redacted one', () => {
    const { value, errors } = validatePlain(HitBodyDto, body());
    expect(errors).toEqual([]);
    expect(value?.alerts[1]).toBeInstanceOf(HitAlertDto);
  });

  it('accepts two visible alerts, with or without titles', () => {
    expect(fieldsOf(body((b) => (b.alerts = [own(), { ...own(), origin: 'AZ-PCU-BAKU', title: undefined }])))).toEqual(
      [],
    );
  });

  it.each<[string, (b: Record<string, any>) => void, string[]]>([
    ['a redacted alert with an id', (b) => (b.alerts[1].id = randomUUID()), ['alerts.1.id']],
    ['a redacted alert with a title', (b) => (b.alerts[1].title = 'Cigarettes'), ['alerts.1.title']],
    ['a redacted alert naming its origin node', (b) => (b.alerts[1].origin = 'AZ-PCU-BAKU'), ['alerts.1.origin']],
    [
      'a redacted alert with an exact time',
      (b) => (b.alerts[1].createdAt = '2026-11-27T10:00:00Z'),
      ['alerts.1.createdAt'],
    ],
    [
      'a redacted alert on a day that does not exist',
      (b) => (b.alerts[1].createdAt = '2026-02-30'),
      ['alerts.1.createdAt'],
    ],
    ['a visible alert without id', (b) => delete b.alerts[0].id, ['alerts.0.id']],
    ['a visible alert with only a country', (b) => (b.alerts[0].origin = 'KZ'), ['alerts.0.origin']],
    ['a visible alert with only a day', (b) => (b.alerts[0].createdAt = '2026-11-20'), ['alerts.0.createdAt']],
    ['a visible alert with an empty title', (b) => (b.alerts[0].title = ''), ['alerts.0.title']],
    ['an alert without visibility', (b) => delete b.alerts[0].visible, ['alerts', 'alerts.0.visible']],
    ['an unknown alert field', (b) => (b.alerts[0].summary = 'text'), ['alerts.0.summary']],
    ['one alert only', (b) => b.alerts.pop(), ['alerts']],
    ['three alerts', (b) => b.alerts.push(own()), ['alerts']],
    ['no visible alert', (b) => (b.alerts = [redactedAlert(), redactedAlert()]), ['alerts']],
    ['an unknown identifier type', (b) => (b.identifier.type = 'SEAL'), ['identifier.type']],
    // Names of Object's own members: looked up in the table of forms, they once threw a TypeError.
    ['the identifier type constructor', (b) => (b.identifier.type = 'constructor'), ['identifier.type']],
    ['the identifier type toString', (b) => (b.identifier.type = 'toString'), ['identifier.type']],
    ['a container not normalised', (b) => (b.identifier.value = 'csqu 305438-3'), ['identifier.value']],
    [
      'an air waybill with its dash',
      (b) => (b.identifier = { type: 'AWB', value: '176-12345675' }),
      ['identifier.value'],
    ],
    ['an IMO number without prefix', (b) => (b.identifier = { type: 'IMO', value: '9074729' }), ['identifier.value']],
    ['a window of zero days', (b) => (b.windowDays = 0), ['windowDays']],
    ['a window over ten years', (b) => (b.windowDays = 3651), ['windowDays']],
    ['a digest count without the new alerts', (b) => (b.alertCount = 5), ['alertsSinceLastHit']],
    ['new alerts without the digest count', (b) => (b.alertsSinceLastHit = 1), ['alertsSinceLastHit']],
    [
      'a digest of fewer than two alerts',
      (b) => Object.assign(b, { alertCount: 1, alertsSinceLastHit: 1 }),
      ['alertCount', 'alertsSinceLastHit'],
    ],
    [
      'no new alerts in a digest',
      (b) => Object.assign(b, { alertCount: 4, alertsSinceLastHit: 0 }),
      ['alertsSinceLastHit'],
    ],
    [
      'more new alerts than followed the two that opened the hit',
      (b) => Object.assign(b, { alertCount: 4, alertsSinceLastHit: 3 }),
      ['alertsSinceLastHit'],
    ],
    ['a fractional count', (b) => Object.assign(b, { alertCount: 4.5, alertsSinceLastHit: 1 }), ['alertCount']],
  ])('refuses %s, naming the field', (_, change, fields) => {
    expect(fieldsOf(body(change))).toEqual(fields);
  });

  it('accepts a digest: the alerts of the hit and how many are new since the last HIT', () => {
    expect(fieldsOf(body((b) => Object.assign(b, { alertCount: 2 + 5, alertsSinceLastHit: 5 })))).toEqual([]);
    expect(fieldsOf(body((b) => Object.assign(b, { alertCount: 3, alertsSinceLastHit: 1 })))).toEqual([]);
  });

  it('accepts each identifier type in its normalised form', () => {
    for (const identifier of [
      { type: 'AWB', value: '17612345675' },
      { type: 'BILL_OF_LADING', value: 'MEDUAK123456' },
      { type: 'IMO', value: 'IMO9074729' },
    ]) {
      expect(fieldsOf(body((b) => (b.identifier = identifier)))).toEqual([]);
    }
  });

  it('is the body a HIT envelope is validated with, on the wire', () => {
    const envelope = {
      id: randomUUID(),
      kind: 'HIT',
      origin: 'KZ-PCU-AKTAU',
      createdAt: '2026-11-27T10:00:00.000Z',
      tlp: 'AMBER',
      to: { nodes: ['KZ-PCU-AKTAU'], countries: [], groups: [] },
      body: body(),
    };
    expect(validatePlain(EnvelopeDto, envelope).errors).toEqual([]);
    envelope.body.alerts[1].id = randomUUID();
    expect(validatePlain(EnvelopeDto, envelope).errors.map((e) => e.field)).toEqual(['body.alerts.1.id']);
  });
});
