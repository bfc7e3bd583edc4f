/**
 * `npm run contract`: writes the gateway's OpenAPI document, as its controllers declare it, to
 * contract/openapi.json (keys sorted, so that a change of the code shows as a small diff). Needs
 * neither PostgreSQL nor NATS. `--check` writes nothing and exits 1 when the file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contractDocument, CONTRACT_PATH, contractText } from '../apps/gateway/src/http/openapi';

async function main(): Promise<void> {
  const path = resolve(__dirname, '..', '..', CONTRACT_PATH);
  const text = contractText(await contractDocument());
  if (process.argv.includes('--check')) {
    const committed = readFileSync(path, 'utf8');
    if (committed !== text) {
      console.error(`${CONTRACT_PATH} is out of date: run npm run contract`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(path, text);
  console.log(`wrote ${CONTRACT_PATH}`);
}

main().catch((error: unknown) => {
  console.error(`contract failed: ${(error as Error).message}`);
  process.exit(1);
});
