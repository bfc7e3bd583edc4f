import { readFileSync } from 'node:fs';
import { ok, type components } from '@iren/client';
import type { Command, CommandContext } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import { json } from '../output';

type Subscription = components['schemas']['PutSubscriptionDto'];

const NODE_OPTION = {
  node: { type: 'string', help: "the node (else IREN_NODE, else `iren config set node`, else the token's own)" },
} as const;

export const subscriptionCommands: Command[] = [
  {
    name: 'subscription get',
    args: '',
    summary: "the node's filters, as JSON (the file `subscription set` takes)",
    options: NODE_OPTION,
    arity: [0, 0],
    async run(context) {
      const id = await nodeOf(context);
      const filters = await ok(context.api().GET('/api/v1/nodes/{id}/subscription', { params: { path: { id } } }));
      context.io.out(json(filters));
      return ExitCode.OK;
    },
  },
  {
    name: 'subscription set',
    args: '<file.json>',
    summary: 'replace the node\'s filters with those of a JSON file: {"filters":[...]}',
    options: NODE_OPTION,
    arity: [1, 1],
    async run(context) {
      const id = await nodeOf(context);
      const body = readSubscription(context.args[0]);
      const saved = await ok(context.api().PUT('/api/v1/nodes/{id}/subscription', { params: { path: { id } }, body }));
      context.io.out(context.json ? json(saved) : `${id}: ${body.filters.length} filter(s) saved\n`);
      return ExitCode.OK;
    },
  },
];

/** The node named by --node, IREN_NODE or the configuration, else the token's own (GET /session). */
async function nodeOf(context: CommandContext): Promise<string> {
  const named = context.connection().node;
  if (named) return named;
  const session = await ok(context.api().GET('/api/v1/session'));
  if (!session.nodeId) throw new UsageError(`a ${session.role} token has no node of its own: pass --node <id>`);
  return session.nodeId;
}

function readSubscription(file: string): Subscription {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const filters = (parsed as { filters?: unknown } | null)?.filters;
  if (!Array.isArray(filters)) throw new UsageError(`${file} should hold {"filters":[...]}`);
  return parsed as Subscription;
}
