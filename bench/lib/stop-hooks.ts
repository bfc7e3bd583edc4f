/**
 * Clean-ups that must run when a benchmark is stopped from outside: the runner sends SIGTERM at a
 * benchmark's time limit, a user presses Ctrl-C. Without them its apps, streams or database would
 * outlive it.
 */
const cleanUps = new Set<() => Promise<unknown>>();

function install(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: cleaning up before exiting`);
      void Promise.allSettled([...cleanUps].map((cleanUp) => cleanUp())).then(() => process.exit(130));
    });
  }
}

/** Runs `cleanUp` if the process is stopped by a signal before the returned function is called. */
export function cleanUpOnStop(cleanUp: () => Promise<unknown>): () => void {
  if (cleanUps.size === 0) install();
  cleanUps.add(cleanUp);
  return () => cleanUps.delete(cleanUp);
}
