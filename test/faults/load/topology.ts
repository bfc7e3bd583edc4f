import type { apiClient } from '../../support/http';

/** A node of the fault network and the filters its officer subscribes to. */
export interface FaultNode {
  id: string;
  type: 'PCU' | 'HQ';
  country: string;
  locodes: string[];
  filters: Record<string, unknown>[];
}

/**
 * Eight units around the Caspian: four seaport PCUs that publish, the others only receive. The
 * subscriptions overlap so that one alert usually reaches several inboxes, by its itinerary, its
 * goods or its category, and some nodes are reached only when addressed.
 */
export const FAULT_NODES: readonly FaultNode[] = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'], filters: [{ locodes: ['AZBAK'] }] },
  {
    id: 'GE-PCU-POTI',
    type: 'PCU',
    country: 'GE',
    locodes: ['GEPTI'],
    filters: [{ locodes: ['GEPTI'], minRiskLevel: 'HIGH' }],
  },
  {
    id: 'TM-PCU-TURKMENBASHI',
    type: 'PCU',
    country: 'TM',
    locodes: ['TMKRW'],
    filters: [{ categories: ['DRUGS', 'PRECURSORS'] }],
  },
  { id: 'PK-PCU-KARACHI', type: 'PCU', country: 'PK', locodes: ['PKKHI'], filters: [] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
  {
    id: 'KZ-HQ-ASTANA',
    type: 'HQ',
    country: 'KZ',
    locodes: [],
    filters: [{ hsPrefixes: ['30'] }, { countries: ['KZ'], minRiskLevel: 'HIGH' }],
  },
  { id: 'UZ-HQ-TASHKENT', type: 'HQ', country: 'UZ', locodes: [], filters: [{ countries: ['UZ'] }] },
  { id: 'TJ-HQ-DUSHANBE', type: 'HQ', country: 'TJ', locodes: [], filters: [] },
];

/** The nodes whose officers publish in the load. */
export const PUBLISHERS = ['AZ-PCU-BAKU', 'GE-PCU-POTI', 'TM-PCU-TURKMENBASHI', 'PK-PCU-KARACHI'] as const;

/**
 * Registers the nodes as the admin and sets their subscriptions; answers each node's officer token.
 * Throws on any refusal (it runs outside jest too).
 */
export async function registerFaultNodes(
  api: ReturnType<typeof apiClient>,
  adminToken: string,
  nodes: readonly FaultNode[] = FAULT_NODES,
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const { filters, ...node } of nodes) {
    const created = await api('POST', '/nodes', adminToken, {
      ...node,
      name: node.id,
      contact: { email: 'unit@example.org' },
    });
    if (created.status !== 201)
      throw new Error(`POST /nodes ${node.id}: ${created.status} ${JSON.stringify(created.body)}`);
    tokens[node.id] = created.body.token;
    if (!filters.length) continue;
    // As the admin: a national site's officers are refused by the hub's gateway, which this is.
    const subscribed = await api('PUT', `/nodes/${node.id}/subscription`, adminToken, { filters });
    if (subscribed.status !== 200) throw new Error(`subscription of ${node.id}: ${subscribed.status}`);
  }
  return tokens;
}
