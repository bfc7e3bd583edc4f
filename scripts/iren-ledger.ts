/**
 * `npm run ledger -- <command>`: checks the exchange ledger from outside, with nothing but the
 * gateway's API and a checkpoint saved earlier. Each command prints a verdict in plain words and
 * exits 0 when the ledger checks out, 1 when it does not (or the check could not be made).
 *
 *   checkpoint --url <gateway> --token <t> [--save <file>]
 *   verify-checkpoint <file> (--key <pem file> | --url <gateway> --token <t>)
 *   verify-consistency --old <file> --url <gateway> --token <t> [--key <pem file>] [--save <file>]
 *   verify-inclusion --index <n> --leaf <hex> --url <gateway> --token <t> [--checkpoint <file>] [--key <pem file>]
 *   verify-ledger --url <gateway> --token <admin token>
 *
 * `--url` is the gateway's base (`http://host:3000`, with or without `/api/v1`). Give `--key` the
 * audit public key you saved before: a key fetched from the server under test proves less.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hashesFromHex, verifyInclusion, verifyLedgerView, type Checkpoint } from '@iren/ledger';

/** Where the CLI writes; a test passes its own. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

type Options = Partial<Record<'url' | 'token' | 'save' | 'key' | 'old' | 'index' | 'leaf' | 'checkpoint', string>>;

class UsageError extends Error {}

class Gateway {
  private readonly base: string;
  private readonly token: string;

  constructor(options: Options) {
    if (!options.url || !options.token) throw new UsageError('--url and --token are required');
    this.base = `${options.url.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
    this.token = options.token;
  }

  async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

function readCheckpoint(file: string): Checkpoint {
  return JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
}

async function publicKey(options: Options): Promise<string> {
  if (options.key) return readFileSync(options.key, 'utf8');
  return (await new Gateway(options).request<{ publicKey: string }>('GET', '/audit/public-key')).publicKey;
}

function save(options: Options, checkpoint: Checkpoint, io: CliOutput): void {
  if (!options.save) return;
  writeFileSync(options.save, `${JSON.stringify(checkpoint, null, 2)}\n`);
  io.out(`saved to ${options.save}`);
}

function verdict(io: CliOutput, valid: boolean, reason: string): number {
  (valid ? io.out : io.err)(`${valid ? 'OK' : 'FAILED'}: ${reason}`);
  return valid ? 0 : 1;
}

const commands: Record<string, (options: Options, positional: string[], io: CliOutput) => Promise<number>> = {
  async checkpoint(options, _positional, io) {
    const checkpoint = await new Gateway(options).request<Checkpoint>('GET', '/audit/checkpoint');
    io.out(JSON.stringify(checkpoint, null, 2));
    const view = verifyLedgerView(checkpoint, await publicKey(options));
    save(options, checkpoint, io);
    return verdict(io, view.valid, view.reason);
  },

  async 'verify-checkpoint'(options, [file], io) {
    if (!file) throw new UsageError('verify-checkpoint needs the checkpoint file');
    const view = verifyLedgerView(readCheckpoint(file), await publicKey(options));
    return verdict(io, view.valid, view.reason);
  },

  async 'verify-consistency'(options, _positional, io) {
    if (!options.old) throw new UsageError('--old <checkpoint file> is required');
    const gateway = new Gateway(options);
    const old = readCheckpoint(options.old);
    const current = await gateway.request<Checkpoint>('GET', '/audit/checkpoint');
    let proof: string[] = [];
    if (old.size > 0 && current.size >= old.size) {
      const path = `/audit/proofs/consistency?from=${old.size}&to=${current.size}`;
      proof = (await gateway.request<{ hashes: string[] }>('GET', path)).hashes;
    }
    const view = verifyLedgerView(current, await publicKey(options), old, proof);
    if (view.valid) save(options, current, io);
    return verdict(io, view.valid, view.reason);
  },

  async 'verify-inclusion'(options, _positional, io) {
    const index = Number(options.index);
    const leaf = hashesFromHex([options.leaf ?? ''])?.[0];
    if (!Number.isSafeInteger(index) || index < 0) throw new UsageError('--index must be a whole number >= 0');
    if (!leaf) throw new UsageError('--leaf must be 64 lowercase hex digits');
    const gateway = new Gateway(options);
    const checkpoint = options.checkpoint
      ? readCheckpoint(options.checkpoint)
      : await gateway.request<Checkpoint>('GET', '/audit/checkpoint');
    const signed = verifyLedgerView(checkpoint, await publicKey(options));
    if (!signed.valid) return verdict(io, false, signed.reason);
    const path = `/audit/proofs/inclusion?index=${index}&size=${checkpoint.size}`;
    const proof = hashesFromHex((await gateway.request<{ hashes: string[] }>('GET', path)).hashes);
    const included =
      proof !== undefined &&
      verifyInclusion(leaf, index, checkpoint.size, proof, Buffer.from(checkpoint.rootHash, 'hex'));
    return included
      ? verdict(io, true, `entry ${index} is in the ledger of the checkpoint of size ${checkpoint.size}`)
      : verdict(io, false, `entry ${index} with that leaf hash is not in the checkpoint of size ${checkpoint.size}`);
  },

  async 'verify-ledger'(options, _positional, io) {
    const report = await new Gateway(options).request<{ intact: boolean; message: string }>('POST', '/audit/verify');
    return verdict(io, report.intact, report.message);
  },
};

/** Runs one command; answers the exit code (0: the ledger checks out, 1: it does not, or an error). */
export async function main(argv: string[], io: CliOutput = { out: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : commands[command];
  if (!run) {
    io.err(`usage: iren-ledger <${Object.keys(commands).join('|')}> [options] (see scripts/iren-ledger.ts)`);
    return 1;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: Object.fromEntries(
        ['url', 'token', 'save', 'key', 'old', 'index', 'leaf', 'checkpoint'].map((name) => [name, { type: 'string' }]),
      ),
    });
    return await run(values as Options, positionals, io);
  } catch (error) {
    io.err(`FAILED: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
