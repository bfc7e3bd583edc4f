import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { verifyInclusion, verifyLedgerView, type Checkpoint } from '@iren/ledger';
import { main as ledgerCli } from '../scripts/iren-ledger';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

// TEST_LEDGER_CLI points at another build of the CLI (a build outside the shared dist/).
const COMPILED_CLI = process.env.TEST_LEDGER_CLI ?? resolve(__dirname, '..', 'dist', 'scripts', 'iren-ledger.js');

function alert(title: string) {
  return {
    kind: 'ALERT',
    tlp: 'AMBER',
    to: { nodes: [], countries: [], groups: [] },
    body: {
      category: 'IPR',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title,
      summary: 'Counterfeit trainers declared as textiles.',
      lang: 'en',
      transport: { containers: ['CSQU3054383'] },
      itinerary: [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
      ],
      goods: [{ hsCode: '640411', description: 'Sports footwear', quantity: 2400, unit: 'PCS' }],
      indicators: ['ROUTE_DEVIATION'],
      requestedAction: 'EXAMINE',
    },
  };
}

const NODES = [
  { id: 'AZ-PCU-BAKU', type: 'PCU', country: 'AZ', name: 'Baku seaport PCU', locodes: ['AZBAK'], filters: [] },
  {
    id: 'KZ-PCU-AKTAU',
    type: 'PCU',
    country: 'KZ',
    name: 'Aktau seaport PCU',
    locodes: ['KZAAU'],
    filters: [{ locodes: ['KZAAU'] }],
  },
  { id: 'GE-PCU-POTI', type: 'PCU', country: 'GE', name: 'Poti seaport PCU', locodes: ['GEPTI'], filters: [] },
  { id: 'UZ-COORD-ROCA', type: 'COORD', country: 'UZ', name: 'CCP coordination', locodes: ['UZTAS'], filters: [] },
];

/** Runs the CLI as a user would: the compiled script when built, else its main function in-process. */
async function cli(args: string[]): Promise<{ code: number; output: string }> {
  if (existsSync(COMPILED_CLI)) {
    // Asynchronously: the network under test runs in this very process and must keep answering.
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [COMPILED_CLI, ...args], { encoding: 'utf8' });
      return { code: 0, output: stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: `${e.stdout}${e.stderr}` };
    }
  }
  const lines: string[] = [];
  const code = await ledgerCli(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, output: lines.join('\n') };
}

describe('the verifiable ledger, end to end', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let dir: string;
  const tokens: Record<string, string> = {};
  const coordinator = () => tokens['UZ-COORD-ROCA'];

  const publish = async (title: string) => {
    const answer = await api('POST', '/messages', tokens['AZ-PCU-BAKU'], alert(title));
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  /** Waits until the ledger holds the message's routing and a checkpoint covers it. */
  const checkpointCovering = async (messageId: string): Promise<Checkpoint> => {
    const entry = await eventually(
      async () =>
        (await api('GET', `/audit/events?messageId=${messageId}&kind=message.routed`, coordinator())).body.items[0],
      30_000,
      'the routing in the ledger',
    );
    return eventually(
      async () => {
        const answer = await api('GET', '/audit/checkpoint', tokens['GE-PCU-POTI']);
        return answer.status === 200 && answer.body.size > entry.index ? (answer.body as Checkpoint) : undefined;
      },
      30_000,
      'a checkpoint covering it',
    );
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    dir = mkdtempSync(join(tmpdir(), 'iren-ledger-e2e-'));
    Object.assign(tokens, await registerNodes(api, net.adminToken, NODES));
    await eventually(async () =>
      (await api('GET', '/inbox', tokens['GE-PCU-POTI'])).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await net?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs checkpoints that verify, and proves inclusion and consistency', async () => {
    const first = await publish('Counterfeit trainers, first');
    await publish('Counterfeit trainers, second');
    const old = await checkpointCovering(first);
    const key = await api('GET', '/audit/public-key', tokens['KZ-PCU-AKTAU']);
    expect(key.status).toBe(200);
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verifyLedgerView(old, key.body.publicKey)).toMatchObject({ valid: true });

    const later = await publish('Counterfeit trainers, third');
    const current = await checkpointCovering(later);
    expect(current.size).toBeGreaterThan(old.size);

    const [entry] = (await api('GET', `/audit/events?messageId=${later}&kind=message.routed`, coordinator())).body
      .items;
    const inclusion = await api(
      'GET',
      `/audit/proofs/inclusion?index=${entry.index}&size=${current.size}`,
      coordinator(),
    );
    expect(inclusion.status).toBe(200);
    expect(inclusion.body).toMatchObject({ leafIndex: entry.index, treeSize: current.size });
    const path = (inclusion.body.hashes as string[]).map((h) => Buffer.from(h, 'hex'));
    const root = Buffer.from(current.rootHash, 'hex');
    expect(verifyInclusion(Buffer.from(entry.leafHash, 'hex'), entry.index, current.size, path, root)).toBe(true);

    const consistency = await api(
      'GET',
      `/audit/proofs/consistency?from=${old.size}&to=${current.size}`,
      coordinator(),
    );
    expect(consistency.status).toBe(200);
    expect(consistency.body).toMatchObject({ first: old.size, second: current.size });
    expect(verifyLedgerView(current, key.body.publicKey, old, consistency.body.hashes)).toMatchObject({ valid: true });

    // The CLI, with the key saved once and the old checkpoint saved "last month".
    const keyFile = join(dir, 'audit-key.pem');
    const oldFile = join(dir, 'old-checkpoint.json');
    writeFileSync(keyFile, key.body.publicKey);
    writeFileSync(oldFile, JSON.stringify(old));
    const auth = ['--url', net.baseUrl, '--token', coordinator()];
    const saved = join(dir, 'checkpoint.json');
    expect(await cli(['checkpoint', ...auth, '--save', saved])).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(saved, 'utf8')).size).toBeGreaterThanOrEqual(current.size);
    expect(await cli(['verify-checkpoint', oldFile, '--key', keyFile])).toMatchObject({ code: 0 });
    const consistent = await cli(['verify-consistency', '--old', oldFile, ...auth, '--key', keyFile]);
    expect(consistent).toEqual({ code: 0, output: expect.stringMatching(/OK: .*consistent/) });
    const included = await cli(['verify-inclusion', '--index', String(entry.index), '--leaf', entry.leafHash, ...auth]);
    expect(included).toMatchObject({ code: 0 });
    const wrongLeaf = await cli([
      'verify-inclusion',
      '--index',
      String(entry.index),
      '--leaf',
      'ab'.repeat(32),
      ...auth,
    ]);
    expect(wrongLeaf).toEqual({ code: 1, output: expect.stringMatching(/FAILED: .*not in the checkpoint/) });
    const forgedFile = join(dir, 'forged.json');
    writeFileSync(forgedFile, JSON.stringify({ ...old, size: old.size + 1 }));
    expect(await cli(['verify-checkpoint', forgedFile, '--key', keyFile])).toMatchObject({ code: 1 });
    expect(await cli(['verify-ledger', '--url', net.baseUrl, '--token', net.adminToken])).toEqual({
      code: 0,
      output: expect.stringMatching(/OK: the \d+ entries are intact/),
    });
  });

  it('refuses bad proof requests naming the parameter, and strangers', async () => {
    const { size } = (await api('GET', '/audit/checkpoint', coordinator())).body as Checkpoint;
    const field = async (path: string) => {
      const answer = await api('GET', path, coordinator());
      expect(answer.status).toBe(400);
      return JSON.stringify(answer.body);
    };
    expect(await field(`/audit/proofs/inclusion?index=${size}&size=${size}`)).toContain('index');
    expect(await field(`/audit/proofs/inclusion?index=0&size=${size + 10_000}`)).toContain('size');
    expect(await field(`/audit/proofs/consistency?from=${size}&to=1`)).toContain('from');
    expect(await field(`/audit/proofs/consistency?from=0&to=${size}`)).toContain('from');
    expect((await api('GET', '/audit/checkpoint')).status).toBe(401);
    expect((await api('POST', '/audit/verify', coordinator())).status).toBe(403);
    expect((await api('GET', '/audit/watch', net.adminToken)).body.checkpoint).toMatchObject({
      size: expect.any(Number),
    });
    // The registry keeps its own watch, in its own schema.
    const db = new Client({ connectionString: net.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT "checkpoint", "key_id", "alert_at" FROM "registry"."checkpoint_watch"');
      expect(rows[0]).toMatchObject({
        checkpoint: { size: expect.any(Number) },
        key_id: expect.any(String),
        alert_at: null,
      });
    } finally {
      await db.end();
    }
  });

  it('exports the ledger as CSV, and shows an officer only the entries of their own node', async () => {
    const json = (await api('GET', '/audit/events?limit=500', coordinator())).body.items as { index: number }[];
    const csv = await fetch(`${net.baseUrl}/api/v1/audit/events?format=csv`, {
      headers: { authorization: `Bearer ${coordinator()}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('index,at,type,kind,node,nodes,country,messageId,correlationId,leafHash,data,redacted');
    expect(lines.length - 1).toBeGreaterThanOrEqual(json.length);
    expect(lines.slice(1, json.length + 1).map((l) => Number(l.split(',')[0]))).toEqual(json.map((e) => e.index));

    for (const node of ['KZ-PCU-AKTAU', 'GE-PCU-POTI']) {
      const seen = await api('GET', '/audit/events?node=AZ-PCU-BAKU&limit=500', tokens[node]);
      expect(seen.status).toBe(200);
      for (const item of seen.body.items) expect(item.nodes).toContain(node);
      // Aktau received Baku's alerts, so it sees their entries; Poti received none of them.
      expect(seen.body.items.length > 0).toBe(node === 'KZ-PCU-AKTAU');
    }
    const aktau = await api('GET', '/audit/events?kind=message.routed', tokens['KZ-PCU-AKTAU']);
    expect(aktau.body.items.length).toBe(3);
    const poti = await api('GET', '/audit/events?kind=message.routed', tokens['GE-PCU-POTI']);
    expect(poti.body.items).toEqual([]);
  });
});
