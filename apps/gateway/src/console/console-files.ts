import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const BUILT = join('dist', 'console');
const MARKER = 'index.html';

/**
 * The directory of the built web console (`npm run build` writes it to `dist/console`), found by
 * walking up from this file: from `apps/gateway/src/console` when tests run the gateway from source,
 * from `dist/apps/gateway/src/console` when it runs compiled. Undefined when it was never built.
 */
export function consoleDirectory(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, BUILT);
    if (existsSync(join(candidate, MARKER))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
