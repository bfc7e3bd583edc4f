import { readFileSync, writeFileSync } from 'node:fs';
import { ok, type IrenApi, type paths } from '@iren/client';
import type { Checkpoint } from '@iren/ledger';
import { jsonPage, type AuditEventView } from '../api-views';
import { parseCsv } from '../csv';
import { str, type Command, type CommandContext, type OptionSpec } from '../command';
import { ExitCode, RefusedError, UsageError } from '../exit-codes';
import { json, printable, printPage, type TableColumn } from '../output';
import { PROOF_BUNDLE_FORMAT, verifyBundle, type InclusionEvidence, type ProofBundle } from '../proof-bundle';
import { positiveInteger } from './values';

const FILTERS: Record<string, OptionSpec> = {
  node: { type: 'string', help: 'entries about this node' },
  country: { type: 'string', help: 'entries about nodes of this country' },
  kind: { type: 'string', help: 'an event type (message.routed, ...) or a message kind' },
  message: { type: 'string', help: 'the entries of one message (its id)' },
  from: { type: 'string', help: 'entries at or after this time (ISO 8601)' },
  to: { type: 'string', help: 'entries before this time (ISO 8601)' },
};

const EVENT_COLUMNS: TableColumn<AuditEventView>[] = [
  { header: 'INDEX', cell: (e) => e.index },
  { header: 'AT', cell: (e) => e.at },
  { header: 'TYPE', cell: (e) => e.type },
  { header: 'NODE', cell: (e) => e.node ?? '' },
  { header: 'MESSAGE', cell: (e) => e.messageId ?? '' },
];

/** The query of `GET /audit/events`, as the contract declares it. */
type EventsQuery = NonNullable<paths['/api/v1/audit/events']['get']['parameters']['query']>;

function filtersOf(options: CommandContext['options']): EventsQuery {
  const query: EventsQuery = {};
  for (const [option, param] of [
    ['node', 'node'],
    ['country', 'country'],
    ['kind', 'kind'],
    ['message', 'messageId'],
    ['from', 'from'],
    ['to', 'to'],
  ] as const) {
    const value = str(options[option]);
    if (value !== undefined) query[param] = value as never; // the API validates each filter and names what it refuses
  }
  return query;
}

/** One page of events as CSV text, with the cursor of the next page when there is one. */
async function csvPage(api: IrenApi, query: EventsQuery): Promise<{ csv: string; next: string | null }> {
  const answer = await api.GET('/api/v1/audit/events', {
    params: { query: { ...query, format: 'csv' } },
    parseAs: 'text',
  });
  const csv = await ok(Promise.resolve(answer));
  return { csv: String(csv ?? ''), next: answer.response.headers.get('x-next-cursor') };
}

export const auditCommands: Command[] = [
  {
    name: 'audit events',
    args: '',
    summary: 'ledger entries, filtered (coordinators: the network; officers: their node)',
    options: {
      ...FILTERS,
      after: { type: 'string', help: 'the cursor of the previous page' },
      limit: { type: 'string', help: 'entries a page, 1 to 500 (default 100)' },
    },
    arity: [0, 0],
    async run({ io, api, options, json: asJson }) {
      const query = filtersOf(options);
      const after = str(options.after);
      if (after) query.after = after;
      const limit = positiveInteger(options.limit, 'limit') ?? 100;
      query.limit = limit;
      const page = jsonPage(await ok(api().GET('/api/v1/audit/events', { params: { query } })));
      printPage(io, page, { json: asJson, columns: EVENT_COLUMNS, limit, command: 'iren audit events' });
      return ExitCode.OK;
    },
  },
  {
    name: 'audit export',
    args: '',
    summary: 'every entry matching the filters as CSV, page after page (to --out or standard output)',
    options: { ...FILTERS, out: { type: 'string', help: 'write the CSV to this file' } },
    arity: [0, 0],
    async run({ io, api, options }) {
      const client = api();
      // The gateway sizes CSV pages itself and names the next in X-Next-Cursor.
      const query: EventsQuery = filtersOf(options);
      const parts: string[] = [];
      let rows = 0;
      for (let first = true; ; first = false) {
        const { csv, next } = await csvPage(client, query);
        // Every page starts with the same header line (column names: no quotes, no line breaks); keep the first.
        const body = first ? csv : csv.slice(csv.indexOf('\n') + 1);
        rows += Math.max(parseCsv(csv).length - 1, 0);
        if (body !== '') parts.push(body.endsWith('\n') ? body : `${body}\r\n`);
        if (!next) break;
        query.after = next;
      }
      const csv = parts.join('');
      const out = str(options.out);
      if (out) {
        writeFileSync(out, csv, { mode: 0o600 });
        io.err(`${rows} entries written to ${out}\n`);
      } else io.out(csv);
      return ExitCode.OK;
    },
  },
  {
    name: 'audit verify',
    args: '',
    summary:
      "check the ledger offline: the signed checkpoint, a message's entries (--message) hashing to their leaves " +
      'and included in it, consistency with a checkpoint saved before (--since); or a saved proof file (--proof)',
    options: {
      message: { type: 'string', help: "prove that this message's ledger entries are in the checkpoint" },
      since: {
        type: 'string',
        help: 'a checkpoint (JSON) or proof file saved earlier: prove nothing was rewritten since',
      },
      key: { type: 'string', help: 'the audit public key (PEM) you trust; else the key the gateway gives' },
      save: { type: 'string', help: 'save the checkpoint, key and proofs to this file, for --proof later' },
      proof: { type: 'string', help: 'verify this saved proof file, without asking the API' },
    },
    arity: [0, 0],
    async run(context) {
      const { io, options } = context;
      const trustedKey = str(options.key) && readText(str(options.key)!, 'the public key');
      const bundle = str(options.proof)
        ? readJson(str(options.proof)!, 'the proof file')
        : await fetchBundle(context, trustedKey);
      const verdict = verifyBundle(bundle, trustedKey);
      if (str(options.save) && !str(options.proof)) {
        writeFileSync(str(options.save)!, json(bundle));
        io.err(`proof saved to ${str(options.save)}\n`);
      }
      if (context.json) io.out(json(verdict));
      else {
        for (const check of verdict.checks) io.out(`${check.ok ? 'OK' : 'FAILED'}: ${printable(check.what)}\n`);
        for (const note of verdict.notes ?? []) io.out(`NOT CHECKED: ${printable(note)}\n`);
        if (!trustedKey)
          io.out('(checked with the key the proof names; pass --key <pem> to check against a key you trust)\n');
      }
      return verdict.valid ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
    },
  },
];

/** The checkpoint, key and proofs from the API, gathered to be checked offline (and saved). */
async function fetchBundle(context: CommandContext, trustedKey: string | undefined): Promise<ProofBundle> {
  const api = context.api();
  const checkpoint = await ok(api.GET('/api/v1/audit/checkpoint'));
  const publicKey = trustedKey
    ? { keyId: checkpoint.keyId, publicKey: trustedKey }
    : await ok(api.GET('/api/v1/audit/public-key'));
  const bundle: ProofBundle = { format: PROOF_BUNDLE_FORMAT, checkpoint, publicKey, inclusions: [] };
  const messageId = str(context.options.message);
  if (messageId) bundle.inclusions = await inclusionsOf(api, messageId, checkpoint.size);
  const since = str(context.options.since);
  if (since) {
    const saved = readJson(since, 'the earlier checkpoint') as Partial<ProofBundle> & Partial<Checkpoint>;
    const earlier = (saved.format === PROOF_BUNDLE_FORMAT ? saved.checkpoint : saved) as Checkpoint;
    let hashes: string[] = [];
    if (earlier.size > 0 && checkpoint.size >= earlier.size) {
      const proof = await ok(
        api.GET('/api/v1/audit/proofs/consistency', {
          params: { query: { from: earlier.size, to: checkpoint.size } },
        }),
      );
      hashes = proof.hashes;
    }
    bundle.consistency = { earlier, hashes };
  }
  return bundle;
}

async function inclusionsOf(api: IrenApi, messageId: string, size: number): Promise<InclusionEvidence[]> {
  const entries: AuditEventView[] = [];
  for (let after: string | undefined; ;) {
    const query: EventsQuery = { messageId, limit: 500, ...(after && { after }) };
    const page = jsonPage(await ok(api.GET('/api/v1/audit/events', { params: { query } })));
    entries.push(...page.items);
    if (!page.next || page.items.length === 0) break;
    after = page.next;
  }
  const covered = entries.filter((e) => e.index < size);
  if (covered.length === 0) {
    throw new RefusedError(
      entries.length === 0
        ? `the ledger holds no entry of message ${messageId} that you may see`
        : `no entry of message ${messageId} is in the latest checkpoint (size ${size}) yet; retry in a minute`,
    );
  }
  const inclusions: InclusionEvidence[] = [];
  for (const entry of covered) {
    const proof = await ok(
      api.GET('/api/v1/audit/proofs/inclusion', { params: { query: { index: entry.index, size } } }),
    );
    // The entry itself goes into the bundle, so that its leaf hash is recomputed from what it
    // records (now and offline later); one redacted for this node cannot hash to its leaf.
    const { redacted, ...answered } = entry;
    inclusions.push({
      leafIndex: entry.index,
      leafHash: entry.leafHash,
      type: entry.type,
      messageId: entry.messageId,
      ...(redacted ? { redacted } : { entry: answered }),
      hashes: proof.hashes,
    });
  }
  return inclusions;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readText(file, what));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${what} ${file} is not JSON: ${(error as Error).message}`);
  }
}
