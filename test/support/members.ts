import type { apiClient } from './http';

/** A unit to register for a test, with the filters its officer then subscribes to. */
export interface TestNode {
  id: string;
  type: string;
  country: string;
  locodes?: string[];
  name?: string;
  /** As sent over HTTP: the API validates them (DESIGN section 5). */
  filters?: Record<string, unknown>[];
}

/**
 * Registers the units as the admin and gives each its subscription, failing the test on any
 * refusal; answers each unit's officer token. The gateway answers `POST /nodes` only once the new
 * token is in its registry mirror, so the tokens work at once.
 */
export async function registerNodes(
  api: ReturnType<typeof apiClient>,
  adminToken: string,
  nodes: readonly TestNode[],
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const { filters, ...node } of nodes) {
    const created = await api('POST', '/nodes', adminToken, {
      name: node.id,
      ...node,
      contact: { email: 'unit@example.org' },
    });
    expect(created.status).toBe(201);
    tokens[node.id] = created.body.token;
    if (filters?.length) {
      expect((await api('PUT', `/nodes/${node.id}/subscription`, tokens[node.id], { filters })).status).toBe(200);
    }
  }
  return tokens;
}
