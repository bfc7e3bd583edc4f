import { useEffect, useState } from 'preact/hooks';

/** What a page shows while it fetches: the data once loaded, or the error. */
export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change; an answer that arrives after
 * the deps changed again (or the page closed) is dropped and its request aborted.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    load(controller.signal).then(
      (data) => controller.signal.aborted || setState({ data, loading: false }),
      (error: unknown) => controller.signal.aborted || setState({ error, loading: false }),
    );
    return () => controller.abort();
  }, deps);
  return state;
}

/** Runs `tasks` at most `limit` at a time, answering their results in order. */
export async function inTurns<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
