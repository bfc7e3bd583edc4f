import type { Envelope, ExchangeEvent, MessageKind } from '@iren/contracts';

/**
 * Valid messages of each kind the bus carries, as plain JSON, for fuzz suites to break. One clock
 * for all of them (`FIXTURE_TIME`): a consumer under test receives them at that time, so they are
 * fresh unless a case changes their time.
 */
export const FIXTURE_TIME = new Date('2026-03-01T10:00:00.000Z');

const REFERS_TO = '5e0f1c2a-8d4b-4f6e-a1c3-2b9d7e6f5a40';

export function alertBody(): Record<string, unknown> {
  return {
    category: 'FALSIFIED_MEDICAL',
    riskLevel: 'HIGH',
    mode: 'SEA',
    title: 'Suspected falsified antibiotics via Aktau',
    summary: 'Twelve thousand packs declared as vitamins',
    lang: 'en',
    transport: {
      containers: ['CSQU3054383'],
      billOfLading: 'MEDUAK123456',
      vesselImo: 'IMO9074729',
      awbs: [],
      flight: null,
    },
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
    ],
    goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
    indicators: ['ROUTE_DEVIATION'],
    requestedAction: 'EXAMINE',
    feedbackDueBy: '2026-04-01T00:00:00.000Z',
  };
}

/** The body of each kind an envelope may carry. */
const BODIES: Partial<Record<MessageKind, () => Record<string, unknown>>> = {
  ALERT: alertBody,
  WITHDRAWAL: () => ({ refersTo: REFERS_TO, reason: 'false alarm' }),
  AMENDMENT: () => ({ refersTo: REFERS_TO, version: 2, reason: 'new container', body: alertBody() }),
  FEEDBACK: () => ({ refersTo: REFERS_TO, outcome: 'EXAMINED_NOTHING_FOUND' }),
  HIT: () => ({
    identifier: { type: 'CONTAINER', value: 'CSQU3054383' },
    alerts: [
      {
        visible: true,
        id: REFERS_TO,
        origin: 'KZ-PCU-AKTAU',
        createdAt: '2026-02-20T09:30:00.000Z',
        title: 'Falsified',
      },
      { visible: false, origin: 'AZ', createdAt: '2026-02-27' },
    ],
    windowDays: 90,
  }),
};

export const FIXTURE_KINDS = Object.keys(BODIES) as MessageKind[];

/** An unsigned envelope of `kind` from `origin`, created at `FIXTURE_TIME`. */
export function envelopeFixture(
  kind: MessageKind,
  origin: string,
  id = '0b6f7d3e-2a41-4c8e-9f15-6d2c8a7e4b90',
): Envelope<Record<string, unknown>> {
  return {
    id,
    kind,
    origin,
    createdAt: FIXTURE_TIME.toISOString(),
    tlp: 'AMBER',
    handling: 'H2',
    to: { nodes: ['AZ-PCU-BAKU'], countries: ['UZ'], groups: [] },
    body: BODIES[kind]!(),
  };
}

/** An event of `type`, as its producer announces it. */
export function eventFixture(type: string): ExchangeEvent {
  return {
    id: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    type: type as ExchangeEvent['type'],
    at: FIXTURE_TIME.toISOString(),
    node: 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    messageId: REFERS_TO,
    correlationId: 'corr-1',
    data: { kind: 'ALERT', recipients: 1, reasons: ['addressed:node'] },
  };
}
