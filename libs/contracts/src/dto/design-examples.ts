/**
 * The request bodies of DESIGN section 8, verbatim: the DTO tests' reference (if one of them stops
 * validating, the contract changed) and the OpenAPI document's examples (the gateway's
 * request-examples.ts).
 */
export const DESIGN_EXAMPLES = {
  registerNode: {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    contact: { email: 'pcu.aktau@example.kz', phone: '+77292000000' },
  },
  putSubscription: {
    filters: [
      { locodes: ['KZAAU'], categories: ['IPR', 'FALSIFIED_MEDICAL'], minRiskLevel: 'MEDIUM' },
      { hsPrefixes: ['3004'], modes: ['SEA', 'AIR'] },
    ],
  },
  publishMessage: {
    kind: 'ALERT',
    tlp: 'AMBER',
    handling: 'H2',
    to: { nodes: [], countries: ['AZ'], groups: [] },
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: 'Suspected falsified antibiotics via Aktau',
      summary: '...',
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
        { locode: 'UZTAS', role: 'DESTINATION' },
      ],
      goods: [
        { hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS', brand: 'Sanofi' },
      ],
      indicators: ['ROUTE_DEVIATION', 'NEW_CONSIGNEE'],
      requestedAction: 'EXAMINE',
      feedbackDueBy: '2026-12-10T00:00:00Z',
    },
  },
  ack: { status: 'RECEIVED' },
  giveFeedback: {
    outcome: 'SEIZURE',
    seizedAt: '2022-06-14',
    quantities: [{ category: 'IPR', pieces: 1200, kilograms: '3.250' }],
  },
  createGroup: {
    id: 'OP-CASPIAN-2026',
    name: 'Operation Caspian',
    kind: 'OPERATION',
    members: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    startsAt: '2026-12-01T00:00:00Z',
    endsAt: '2026-12-31T00:00:00Z',
  },
  updateNodeStatus: { status: 'SUSPENDED' },
} as const;

/** A deep, mutable copy of an example, for a test to change one field of. */
// Tests reach into arbitrary depths of the copy to break one field; a precise type would only get in the way.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function exampleCopy<K extends keyof typeof DESIGN_EXAMPLES>(name: K): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return structuredClone(DESIGN_EXAMPLES[name]) as Record<string, any>;
}
