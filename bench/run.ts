/**
 * `npm run bench`: every benchmark in turn, each in its own process (so one's heap does not
 * colour another's figures). Arguments after `--` go to each benchmark.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHMARKS = ['matcher.bench.js', 'ledger.bench.js', 'pipeline.bench.js', 'door.bench.js'];

let failed = false;
for (const file of BENCHMARKS) {
  console.log(`\n=== ${file.replace('.bench.js', '')} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(__dirname, file), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
