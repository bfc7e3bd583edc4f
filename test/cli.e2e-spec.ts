import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ok } from '@iren/client';
import { apiClient, eventually, typedApi } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '..');

/**
 * The CLI as users run it: built by tsc into JavaScript with a shebang, run by node in a process of
 * its own. The e2e project does not build dist/, so this builds the CLI and what it imports
 * (seconds, not the whole repository) into dist/cli-e2e/, a directory of its own: rewriting files
 * of dist/ in place could break the fault scenarios running the apps from dist/ at the same time.
 * TEST_IREN_CLI names a CLI built already (`dist/apps/cli/src/main.js` after `npm run build`).
 */
function buildCli(): string {
  if (process.env.TEST_IREN_CLI) return resolve(process.env.TEST_IREN_CLI);
  const outDir = join(ROOT, 'dist', 'cli-e2e');
  rmSync(outDir, { recursive: true, force: true });
  execFileSync('npx', ['tsc', '-p', 'apps/cli/tsconfig.build.json', '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  execFileSync('npx', ['tsc-alias', '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });
  return join(outDir, 'apps', 'cli', 'src', 'main.js');
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let CLI: string;

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', locodes: ['AZBAK'], filters: [] },
  { id: 'KZ-PCU-AKTAU', type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', locodes: ['UZTAS'], filters: [] },
];

const CSV_HEADER =
  'tlp,category,riskLevel,mode,title,summary,itinerary,containers,hsCode,goodsDescription,quantity,unit,requestedAction';
// Row 3's container number fails its ISO 6346 check digit (CSQU3054383 is right): the API refuses it.
const CSV_ROWS = [
  'AMBER,IPR,HIGH,SEA,"Counterfeit trainers, first",Declared as textiles.,AZBAK:LOADING;KZAAU:DISCHARGE,CSQU3054383,640411,Sports footwear,2400,PCS,EXAMINE',
  'AMBER,IPR,HIGH,SEA,Counterfeit trainers with a bad container,,AZBAK:LOADING;KZAAU:DISCHARGE,CSQU3054384,640411,Sports footwear,10,PCS,EXAMINE',
  'GREEN,FALSIFIED_MEDICAL,MEDIUM,SEA,"Antibiotics, ""retail"" packs",,AZBAK:LOADING;KZAAU:DISCHARGE,,300420,Antibiotics,12000,PCS,MONITOR',
];

/** One alert as a JSON file holds it (`iren publish alert.json`). */
const ALERT_JSON = {
  kind: 'ALERT',
  tlp: 'AMBER',
  body: {
    category: 'FALSIFIED_MEDICAL',
    riskLevel: 'HIGH',
    mode: 'SEA',
    title: 'Suspected falsified antibiotics via Aktau',
    summary: 'New consignee, route deviation.',
    lang: 'en',
    transport: { containers: ['CSQU3054383'] },
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
    ],
    goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
    requestedAction: 'EXAMINE',
  },
};

describe('iren, the command-line client, against a running network', () => {
  let net: TestNetwork;
  let dir: string;
  const tokens: Record<string, string> = {};

  /** Runs the built CLI asynchronously: the network under test answers from this very process. */
  const iren = (token: string | undefined, ...args: string[]): Promise<Run> =>
    new Promise((done) => {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        XDG_CONFIG_HOME: join(dir, 'config'),
        IREN_URL: net.baseUrl,
        ...(token && { IREN_TOKEN: token }),
      };
      execFile(process.execPath, [CLI, ...args], { env, encoding: 'utf8' }, (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    CLI = buildCli();
    dir = mkdtempSync(join(tmpdir(), 'iren-cli-e2e-'));
    net = await startTestNetwork();
    Object.assign(tokens, await registerNodes(apiClient(net.baseUrl), net.adminToken, NODES));
  });

  afterAll(async () => {
    await net?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let published: string[] = [];

  it('publishes a CSV of alerts: the bad row reported with the reason the API gave, the others delivered', async () => {
    const file = join(dir, 'alerts.csv');
    writeFileSync(file, [CSV_HEADER, ...CSV_ROWS].join('\r\n') + '\r\n');
    const run = await iren(tokens['AZ-PCU-BAKU'], 'publish', file, '--json', '--concurrency', '2');
    expect(run.code).toBe(2);
    const summary = JSON.parse(run.stdout) as {
      accepted: Array<{ row: number; id: string }>;
      refused: Array<{ row: number; status: number; reasons: string[] }>;
    };
    expect(summary.accepted.map((a) => a.row)).toEqual([2, 4]);
    expect(summary.refused).toEqual([{ row: 3, status: 400, reasons: [expect.stringMatching(/containers/)] }]);
    expect(summary.refused[0].reasons[0]).toMatch(/check digit/i);
    published = summary.accepted.map((a) => a.id);

    // Delivered to Aktau, which follows KZAAU: read with `iren inbox list --json`.
    const delivered = await eventually(
      async () => {
        const inbox = await iren(tokens['KZ-PCU-AKTAU'], 'inbox', 'list', '--json');
        expect(inbox.code).toBe(0);
        const ids = (
          JSON.parse(inbox.stdout) as { items: Array<{ message: { id: string; body: { title: string } } }> }
        ).items.map((i) => i.message);
        return published.every((id) => ids.some((m) => m.id === id)) ? ids : undefined;
      },
      30_000,
      'both accepted alerts in the Aktau inbox',
    );
    expect(delivered.map((m) => m.body.title).sort()).toEqual([
      'Antibiotics, "retail" packs',
      'Counterfeit trainers, first',
    ]);
    expect(delivered.some((m) => m.body.title.includes('bad container'))).toBe(false);
  });

  it('prints the summary for people: counts, then each refused row with its number and reason', async () => {
    const file = join(dir, 'one-bad.csv');
    writeFileSync(file, `${CSV_HEADER}\n${CSV_ROWS[1]}\n`);
    const run = await iren(tokens['AZ-PCU-BAKU'], 'publish', file);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^0 accepted, 1 refused\n {2}row 2: refused \(400\): body\.transport\.containers.*check digit/m,
    );
    // Not a terminal: no progress bar drawn into the captured output.
    expect(run.stderr).toBe('');
  });

  it('acknowledges a delivery', async () => {
    const run = await iren(tokens['KZ-PCU-AKTAU'], 'inbox', 'ack', published[0], 'ACTIONED');
    expect(run).toMatchObject({ code: 0, stdout: `${published[0]}: ACTIONED\n` });
    const page = await ok(typedApi(net.baseUrl, tokens['KZ-PCU-AKTAU']).GET('/api/v1/inbox'));
    const items = page.items;
    expect(items.find((i) => i.message.id === published[0])?.state).toBe('ACTIONED');
  });

  it('verifies the ledger offline, then fails with exit code 5 on a tampered proof', async () => {
    const coordinator = tokens['UZ-COORD-ROCA'];
    const key = await ok(typedApi(net.baseUrl, coordinator).GET('/api/v1/audit/public-key'));
    const keyFile = join(dir, 'audit-key.pem');
    writeFileSync(keyFile, key.publicKey);
    const proofFile = join(dir, 'proof.json');

    // The routing entries of the first alert are in a checkpoint once the audit service signs one.
    const verified = await eventually(
      async () => {
        const run = await iren(
          coordinator,
          'audit',
          'verify',
          '--message',
          published[0],
          '--key',
          keyFile,
          '--save',
          proofFile,
        );
        if (run.code === 2) return undefined; // not in a checkpoint yet
        return run;
      },
      60_000,
      'a checkpoint covering the alert',
    );
    expect(verified.stderr).toContain(`proof saved to ${proofFile}`);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^OK: the checkpoint of size \d+ is signed by key/);
    expect(verified.stdout).toMatch(/^OK: entry \d+ \(message\.\w+\) is in the checkpoint of size \d+$/m);
    // Each entry recomputed from what the API answered of it, before its proof.
    expect(verified.stdout).toMatch(
      /^OK: entry \d+ \(message\.\w+\) hashes to its leaf hash: it is what the ledger recorded$/m,
    );

    // The saved proof verifies again offline: the URL points nowhere.
    const offline = await iren(
      undefined,
      'audit',
      'verify',
      '--proof',
      proofFile,
      '--key',
      keyFile,
      '--url',
      'http://127.0.0.1:9',
    );
    expect(offline.code).toBe(0);

    const proof = JSON.parse(readFileSync(proofFile, 'utf8'));
    const [first] = proof.inclusions;
    first.hashes = first.hashes.length
      ? [first.hashes[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0')), ...first.hashes.slice(1)]
      : ['0'.repeat(64)];
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(proof));
    const failed = await iren(undefined, 'audit', 'verify', '--proof', tampered, '--key', keyFile);
    expect(failed.code).toBe(5);
    expect(failed.stdout).toMatch(/^FAILED: entry \d+ .*is NOT proved to be in the checkpoint/m);

    // A field of an entry changed, its leaf hash and proof left genuine: the entry no longer hashes to its leaf.
    const altered = JSON.parse(readFileSync(proofFile, 'utf8'));
    const entry = altered.inclusions[0].entry;
    expect(entry).toMatchObject({ index: altered.inclusions[0].leafIndex, messageId: published[0] });
    entry.nodes = [...entry.nodes, 'TM-PCU-FORGED'];
    const alteredFile = join(dir, 'altered-entry.json');
    writeFileSync(alteredFile, JSON.stringify(altered));
    const refused = await iren(undefined, 'audit', 'verify', '--proof', alteredFile, '--key', keyFile);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toMatch(
      /^FAILED: entry \d+ \(message\.\w+\) hashes to [0-9a-f]{64}, not to its leaf hash [0-9a-f]{64}: the entry was altered$/m,
    );
    // Its leaf is still in the checkpoint: what failed is the entry, not the proof.
    expect(refused.stdout).toMatch(/^OK: entry \d+ \(message\.\w+\) is in the checkpoint of size \d+$/m);
  });

  it('proves that the ledger grew without rewriting since a saved checkpoint', async () => {
    const earlier = join(dir, 'proof.json');
    const run = await eventually(
      async () => {
        const answer = await iren(tokens['UZ-COORD-ROCA'], 'audit', 'verify', '--since', earlier, '--json');
        const verdict = JSON.parse(answer.stdout || '{}') as { checks?: Array<{ what: string }> };
        // The acknowledgement above adds entries: a checkpoint after it extends the saved one.
        return verdict.checks?.[0]?.what.includes('consistent with the earlier') ? answer : undefined;
      },
      60_000,
      'a later checkpoint',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: true,
      checks: [{ ok: true, what: expect.stringMatching(/nothing recorded was changed$/) }],
    });
  });

  it("keeps the token's own node's subscription: set from a file, get it back", async () => {
    const file = join(dir, 'subscription.json');
    const filters = [{ locodes: ['KZAAU', 'KZSCO'] }, { hsPrefixes: ['3004'], modes: ['SEA', 'AIR'] }];
    writeFileSync(file, JSON.stringify({ filters }));
    const set = await iren(tokens['KZ-PCU-AKTAU'], 'subscription', 'set', file);
    expect(set).toMatchObject({ code: 0, stdout: 'KZ-PCU-AKTAU: 2 filter(s) saved\n' });
    const got = await iren(tokens['KZ-PCU-AKTAU'], 'subscription', 'get');
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({
      filters: [{ locodes: ['KZAAU', 'KZSCO'] }, { hsPrefixes: ['3004'] }],
    });
    // Another node's subscription is not the officer's to change: it answers like a missing one (404), exit 2.
    const foreign = await iren(tokens['KZ-PCU-AKTAU'], 'subscription', 'set', file, '--node', 'AZ-PCU-BAKU');
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/^iren subscription set: 404: /);
  });

  it('lists the registry as a table, and the seizure report as CSV', async () => {
    const nodes = await iren(net.adminToken, 'nodes', 'list');
    expect(nodes.code).toBe(0);
    const lines = nodes.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+COUNTRY\s+STATUS\s+LOCODES\s+NAME$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(NODES.map((n) => n.id).sort());
    const seizures = await iren(tokens['UZ-COORD-ROCA'], 'report', 'seizures', '--csv');
    expect(seizures).toMatchObject({ code: 0, stdout: 'category,pieces,kilograms,alerts\r\n' });
    const exported = join(dir, 'ledger.csv');
    const exportRun = await iren(
      tokens['UZ-COORD-ROCA'],
      'audit',
      'export',
      '--out',
      exported,
      '--kind',
      'message.routed',
    );
    expect(exportRun.code).toBe(0);
    const rows = readFileSync(exported, 'utf8').trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^index,at,type,/);
    expect(rows.slice(1).every((row) => row.split(',')[2] === 'message.routed')).toBe(true);
    expect(published.every((id) => rows.some((row) => row.includes(id)))).toBe(true);
    expect(exportRun.stderr).toBe(`${rows.length - 1} entries written to ${exported}\n`);
  });

  it('follows the inbox live: a JSON line per delivery as it arrives, until stopped', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, IREN_URL: net.baseUrl, IREN_TOKEN: tokens['KZ-PCU-AKTAU'] };
    const after = JSON.parse((await iren(tokens['KZ-PCU-AKTAU'], 'inbox', 'list', '--json', '--limit', '200')).stdout)
      .next as string;
    const follower = spawn(process.execPath, [CLI, 'inbox', 'follow', '--json', '--after', after], { env });
    let stdout = '';
    let stderr = '';
    follower.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    follower.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) => follower.on('exit', (code) => done(code)));
    try {
      await eventually(
        async () => (stderr.includes('following the inbox') ? true : undefined),
        20_000,
        'the stream open',
      );
      const file = join(dir, 'live.json');
      writeFileSync(file, JSON.stringify({ ...ALERT_JSON, tlp: 'GREEN' }));
      const run = await iren(tokens['AZ-PCU-BAKU'], 'publish', file, '--json');
      expect(run.code).toBe(0);
      const id = (JSON.parse(run.stdout) as { accepted: Array<{ id: string }> }).accepted[0].id;
      const line = await eventually(
        async () => stdout.split('\n').find((l) => l.includes(id)),
        30_000,
        'the delivery on the follower',
      );
      expect(JSON.parse(line)).toMatchObject({ state: 'DELIVERED', message: { id, origin: 'AZ-PCU-BAKU' } });
      // Only what came after the cursor: nothing delivered before it is printed again.
      expect(stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      follower.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('exits 3 when the API refuses the token, naming the cause', async () => {
    const run = await iren('irn_not-a-token', 'inbox', 'list', '--json');
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^iren inbox list: 401: .*the token was not accepted/);
  });
});
