import type { NodeRecord, TokenRecord } from '@iren/contracts';
import { ForbiddenError, UnauthorizedError } from '@iren/platform';
import { type CredentialRegistry, nodePrincipal } from './principal-check';

const NODES: Record<string, Partial<NodeRecord>> = {
  'KZ-PCU-AKTAU': { id: 'KZ-PCU-AKTAU', type: 'PCU', status: 'ACTIVE' },
  'UZ-COORD-ROCA': { id: 'UZ-COORD-ROCA', type: 'COORD', status: 'ACTIVE' },
  'GE-PCU-POTI': { id: 'GE-PCU-POTI', type: 'PCU', status: 'SUSPENDED' },
};
const TOKENS: Record<string, Partial<TokenRecord>> = {
  aktau: { id: 't-1', nodeId: 'KZ-PCU-AKTAU', revokedAt: null },
  roca: { id: 't-2', nodeId: 'UZ-COORD-ROCA', revokedAt: null },
  poti: { id: 't-3', nodeId: 'GE-PCU-POTI', revokedAt: null },
  revoked: { id: 't-4', nodeId: 'KZ-PCU-AKTAU', revokedAt: '2026-11-02T00:00:00Z' },
  orphan: { id: 't-5', nodeId: 'KZ-PCU-GONE', revokedAt: null },
};
const registry: CredentialRegistry = {
  token: (digest) => TOKENS[digest] as TokenRecord | undefined,
  node: (id) => NODES[id] as NodeRecord | undefined,
};

describe(nodePrincipal.name, () => {
  it('admits an active node’s token as its officer or coordinator, with the token id', () => {
    expect(nodePrincipal('aktau', registry)).toEqual({
      role: 'officer',
      nodeId: 'KZ-PCU-AKTAU',
      nodeType: 'PCU',
      tokenId: 't-1',
    });
    expect(nodePrincipal('roca', registry).role).toBe('coordinator');
  });

  it.each(['unknown', 'revoked', 'orphan'])('refuses a %s token with 401', (digest) => {
    expect(() => nodePrincipal(digest, registry)).toThrow(UnauthorizedError);
  });

  it('refuses a suspended node’s token with 403 naming the node', () => {
    expect(() => nodePrincipal('poti', registry)).toThrow(new ForbiddenError('node GE-PCU-POTI is suspended'));
  });
});

describe(`${nodePrincipal.name} with national sites`, () => {
  it("at the hub, refuses with 403 the officers of a country with a site of its own, naming the site's gateway", () => {
    const hub = { at: 'hub' as const, sites: ['KZ'] };
    expect(() => nodePrincipal('aktau', registry, hub)).toThrow(
      new ForbiddenError("node KZ-PCU-AKTAU is served by the gateway of its national site, KZ, not the hub's"),
    );
    expect(nodePrincipal('roca', registry, hub).nodeId).toBe('UZ-COORD-ROCA');
  });

  it("at a site, admits its own country's officers only", () => {
    const site = { at: 'site' as const, country: 'KZ' };
    expect(nodePrincipal('aktau', registry, site).nodeId).toBe('KZ-PCU-AKTAU');
    expect(() => nodePrincipal('roca', registry, site)).toThrow(
      new ForbiddenError(
        "node UZ-COORD-ROCA is served by the hub's gateway (or its own national site's), not that of the national site KZ",
      ),
    );
  });
});
