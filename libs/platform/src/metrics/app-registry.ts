import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The metrics registry of one app, with `app="<name>"` on every series it exposes. It also holds
 * Node.js's default metrics (event-loop lag, heap, resident memory, CPU, GC, handles) under their
 * usual names (`nodejs_eventloop_lag_seconds`, `process_resident_memory_bytes`, ...), so stock
 * Node.js dashboards read them; the exchange's own metrics all start with `iren_`.
 *
 * One registry per app, never prom-client's global one: tests run several apps in one process.
 */
export function appRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
