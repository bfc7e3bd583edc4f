/** The four services of the network, each with its own NATS user and its own signing key. */
export const SERVICES = ['gateway', 'registry', 'router', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * Who acts on the bus: one of the services, or a node's own system that integrates
 * machine-to-machine (its user may publish as that node and read that node's inbox, nothing else).
 */
export type BusIdentity = { kind: 'service'; service: ServiceName } | { kind: 'node'; node: string };

export function serviceIdentity(service: ServiceName): BusIdentity {
  return { kind: 'service', service };
}

export function nodeIdentity(node: string): BusIdentity {
  return { kind: 'node', node };
}

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICES as readonly string[]).includes(value);
}
