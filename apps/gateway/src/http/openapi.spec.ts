import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contractDocument, CONTRACT_PATH, contractText } from './openapi';

describe('contract/openapi.json', () => {
  it('is the document the code declares (run `npm run contract` after changing a route or its decorators)', async () => {
    const committed = readFileSync(resolve(__dirname, '../../../..', CONTRACT_PATH), 'utf8');
    const produced = contractText(await contractDocument());
    if (committed !== produced) {
      throw new Error(`${CONTRACT_PATH} differs from the code's document: run \`npm run contract\` and commit it`);
    }
  });
});
