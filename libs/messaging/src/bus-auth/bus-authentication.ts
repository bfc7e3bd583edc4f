import type { NatsConnection } from '@nats-io/transport-node';

/** What an app risks on a NATS without authentication (its start-up warning and its `/health`). */
export const OPEN_BUS_RISK =
  'NATS requires no authentication: anyone who reaches it can publish and read as any service or node';

/** How the app's NATS server checks who connects, as `/health` reports it under `details.bus`. */
export interface BusAuthentication {
  authentication: 'required' | 'none';
  warning?: string;
}

/** Read from the server's greeting (INFO `auth_required`), so it follows the server the app is connected to. */
export function busAuthentication(nc: NatsConnection): BusAuthentication {
  if (nc.info?.auth_required) return { authentication: 'required' };
  return { authentication: 'none', warning: OPEN_BUS_RISK };
}
