// Builders shared by the specs of this lib; not part of its public face.
import {
  type AlertBody,
  type Envelope,
  NODE_TYPES,
  type NodeRecord,
  type NodeStatus,
  type NodeType,
  type SubscriptionFilter,
  type SubscriptionRecord,
} from '@iren/contracts';
import type { MatchableMessage } from '../matchable-message';
import type { OperationState, RecipientDirectory } from '../recipient-directory';

/** A node as the registry publishes it; its type is read from its id (`UZ-COORD-ROCA` is a COORD). */
export function nodeRecord(id: string, status: NodeStatus = 'ACTIVE'): NodeRecord {
  const type = id.split('-')[1];
  return {
    id,
    type: (NODE_TYPES as readonly string[]).includes(type) ? (type as NodeType) : 'PCU',
    country: id.slice(0, 2),
    name: id,
    locodes: [],
    contact: {},
    status,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

export function subscription(nodeId: string, filters: SubscriptionFilter[], version = 1): SubscriptionRecord {
  return { nodeId, filters, version, updatedAt: '2026-01-01T00:00:00Z' };
}

export function matchable(facts: Partial<MatchableMessage> = {}): MatchableMessage {
  return { kind: 'ALERT', locodes: [], countries: [], hsCodes: [], ...facts };
}

/** The alert of DESIGN section 8: falsified antibiotics from Baku through Aktau to Tashkent. */
export function alertBody(overrides: Partial<AlertBody> = {}): AlertBody {
  return {
    category: 'FALSIFIED_MEDICAL',
    riskLevel: 'HIGH',
    mode: 'SEA',
    title: 'Suspected falsified antibiotics via Aktau',
    summary: 'Consignee registered last week.',
    lang: 'en',
    transport: { containers: ['CSQU3054383'], billOfLading: 'MEDUAK123456', vesselImo: 'IMO9074729' },
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
      { locode: 'UZTAS', role: 'DESTINATION' },
    ],
    goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
    indicators: ['ROUTE_DEVIATION'],
    requestedAction: 'EXAMINE',
    ...overrides,
  };
}

export function envelope<B = AlertBody>(fields: Partial<Envelope<B>> & { body: B }): Envelope<B> {
  return {
    id: '0b7c6f1e-3d52-4a51-9a57-2f1d3c9e8a10',
    kind: 'ALERT',
    origin: 'KZ-PCU-AKTAU',
    createdAt: '2026-03-01T10:00:00Z',
    tlp: 'GREEN',
    ...fields,
  };
}

/** A directory over plain data, as the router's KV mirror would present it. */
export class MapDirectory implements RecipientDirectory {
  private readonly nodes: Map<string, NodeRecord>;

  constructor(
    nodes: NodeRecord[],
    private readonly groups: Record<string, string[]> = {},
    private readonly operations: Record<string, string[]> = {},
  ) {
    this.nodes = new Map(nodes.map((node) => [node.id, node]));
  }

  node(id: string): NodeRecord | undefined {
    return this.nodes.get(id);
  }

  nodesOfCountry(country: string): NodeRecord[] {
    return [...this.nodes.values()].filter((node) => node.country === country);
  }

  groupMembers(groupId: string): string[] | undefined {
    return Object.hasOwn(this.groups, groupId) ? this.groups[groupId] : undefined;
  }

  operationMembers(operationId: string): string[] | undefined {
    return Object.hasOwn(this.operations, operationId) ? this.operations[operationId] : undefined;
  }

  /** Every operation given here runs now, through 2026. */
  operation(operationId: string): OperationState | undefined {
    const members = this.operationMembers(operationId);
    return members && { startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z', running: true, members };
  }
}
