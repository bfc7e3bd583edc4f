import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import type { TestNetwork } from './test-network';

/** Tables hashed whole by the snapshot; the audit service's are read from its schema. */
const TABLES = [
  'gateway.messages',
  'gateway.deliveries',
  'gateway.node_signing_keys',
  'gateway.checkpoint_watch',
  'registry.nodes',
  'registry.tokens',
  'registry.groups',
  'registry.group_members',
  'registry.subscriptions',
  'registry.node_keys',
  'registry.nats_credentials',
];

/** `table`'s rows (those `where` keeps), hashed: one column of the snapshot's one query. */
const hashOf = (table: string, where = 'true') =>
  `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM ${table} t WHERE ${where}) AS "${table}"`;

/**
 * A test network's state as a refused call must leave it, read straight from its database and
 * streams on connections of its own: for "nothing changed" checks.
 */
export class NetworkState {
  private constructor(
    private readonly net: TestNetwork,
    readonly db: Client,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly auditTables: string[],
  ) {}

  static async open(net: TestNetwork): Promise<NetworkState> {
    const db = new Client({ connectionString: net.databaseUrl });
    await db.connect();
    const nc = await net.connectNats();
    const { rows } = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'audit' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const auditTables = rows.map((r: { table_name: string }) => `audit.${r.table_name}`);
    return new NetworkState(net, db, nc, await jetstreamManager(nc), auditTables);
  }

  async close(): Promise<void> {
    await this.nc.close();
    await this.db.end();
  }

  /** The admin's attempts to replay a dead letter (`POST /dlq/{id}/replay` records each beside the letter). */
  async replaysOf(letter: string): Promise<number> {
    const { rows } = await this.db.query(
      'SELECT count(*)::int AS n FROM gateway.dead_letter_replays WHERE dlq_id = $1',
      [letter],
    );
    return rows[0].n;
  }

  /**
   * What a refused call must leave untouched: each table's rows, hashed, the outbox's count, each
   * stream's count and the registry bucket's last sequence. `replayed` names a dead letter whose
   * replay records are left out: the one the admin's refused replay adds is counted apart.
   */
  async snapshot(replayed?: string): Promise<string> {
    const columns = [
      ...[...TABLES, ...this.auditTables].map((table) => hashOf(table)),
      hashOf('gateway.dead_letter_replays', replayed === undefined ? 'true' : 't.dlq_id <> $1'),
      '(SELECT count(*)::int FROM gateway.outbox) AS "gateway.outbox count"',
    ];
    const names = this.net.names;
    const [{ rows }, ...streams] = await Promise.all([
      this.db.query(`SELECT ${columns.join(', ')}`, replayed === undefined ? [] : [replayed]),
      ...(['EXCHANGE', 'INBOX', 'EVENTS', 'DLQ'] as const).map((s) => this.jsm.streams.info(names.stream(s))),
      this.jsm.streams.info(names.registryBucketStream),
    ]);
    const bucket = streams.pop()!;
    return [
      ...Object.entries(rows[0]).map(([name, value]) => `${name}:${value}`),
      ...streams.map((info) => `${info.config.name}:${info.state.messages}`),
      `registry bucket:${bucket.state.last_seq}`,
    ].join('\n');
  }

  /** Waits until what earlier calls set going has settled, and answers the state then. */
  async settled(replayed?: string): Promise<string> {
    let last = await this.snapshot(replayed);
    for (let i = 0; i < 75; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const now = await this.snapshot(replayed);
      if (now === last && (await this.signedThrough())) return now;
      last = now;
    }
    throw new Error('the network did not settle');
  }

  /** Whether the audit has signed its whole ledger and the gateway holds that checkpoint (both follow any call). */
  private async signedThrough(): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT (SELECT count(*) FROM audit.ledger)::int AS entries,
              (SELECT coalesce(max(size), 0) FROM audit.checkpoints)::int AS signed,
              (SELECT coalesce((checkpoint->>'size')::int, 0) FROM gateway.checkpoint_watch) AS held`,
    );
    const { entries, signed, held } = rows[0];
    return entries === signed && signed === held;
  }
}
