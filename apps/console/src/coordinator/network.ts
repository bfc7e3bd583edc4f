import type { components } from '@iren/client';

// The registry's nodes (`GET /nodes`) grouped as the dashboard shows them: by country, then by type.

/** What the dashboard reads of a node in `GET /nodes`, as the contract types it. */
export type NodeSummary = Pick<
  components['schemas']['NodeView'],
  'id' | 'type' | 'country' | 'name' | 'locodes' | 'places' | 'status'
>;

export interface CountryNodes {
  country: string;
  active: number;
  suspended: number;
  byType: { type: NodeSummary['type']; nodes: NodeSummary[] }[];
}

// Every type the contract knows, ranked: a new type fails to compile until it is placed.
const TYPE_RANK: Record<NodeSummary['type'], number> = { HQ: 0, PCU: 1, ACCU: 2, COORD: 3 };

/** Countries by code; in each, the types in the order HQ, PCU, ACCU, COORD, nodes by id. */
export function nodesByCountry(nodes: readonly NodeSummary[]): CountryNodes[] {
  const countries = new Map<string, NodeSummary[]>();
  for (const node of nodes) countries.set(node.country, [...(countries.get(node.country) ?? []), node]);
  return [...countries.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([country, members]) => {
      const types = [...new Set(members.map((n) => n.type))].sort((a, b) => TYPE_RANK[a] - TYPE_RANK[b]);
      return {
        country,
        active: members.filter((n) => n.status === 'ACTIVE').length,
        suspended: members.filter((n) => n.status === 'SUSPENDED').length,
        byType: types.map((type) => ({
          type,
          nodes: members.filter((n) => n.type === type).sort((a, b) => a.id.localeCompare(b.id)),
        })),
      };
    });
}

/** The node's ports and airports as people read them: `Aktau (KZAAU)`, or the bare locode when it has no name. */
export function portNames(node: NodeSummary): string[] {
  const names = new Map(node.places.map((place) => [place.locode, place.name]));
  return node.locodes.map((locode) => {
    const name = names.get(locode);
    return name ? `${name} (${locode})` : locode;
  });
}
