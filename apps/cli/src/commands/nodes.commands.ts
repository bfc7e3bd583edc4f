import { readFileSync } from 'node:fs';
import { ok, type components } from '@iren/client';
import type { NodeView } from '../api-views';
import type { Command } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import { fields, json, table, type TableColumn } from '../output';

type RegisterNode = components['schemas']['RegisterNodeDto'];

const NODE_COLUMNS: TableColumn<NodeView>[] = [
  { header: 'ID', cell: (n) => n.id },
  { header: 'TYPE', cell: (n) => n.type },
  { header: 'COUNTRY', cell: (n) => n.country },
  { header: 'STATUS', cell: (n) => n.status },
  { header: 'LOCODES', cell: (n) => (n.locodes ?? []).join(' ') },
  { header: 'NAME', cell: (n) => n.name },
];

function setStatus(name: string, status: 'SUSPENDED' | 'ACTIVE', summary: string): Command {
  return {
    name,
    args: '<nodeId>',
    summary,
    options: {},
    arity: [1, 1],
    async run({ io, api, args: [id], json: asJson }) {
      const node = await ok(api().PATCH('/api/v1/nodes/{id}', { params: { path: { id } }, body: { status } }));
      io.out(asJson ? json(node) : `${node.id}: ${node.status}\n`);
      return ExitCode.OK;
    },
  };
}

export const nodesCommands: Command[] = [
  {
    name: 'nodes list',
    args: '',
    summary: 'the registry: every node, its type, country, status and ports',
    options: {},
    arity: [0, 0],
    async run({ io, api, json: asJson }) {
      const nodes = await ok(api().GET('/api/v1/nodes'));
      io.out(asJson ? json(nodes) : table(nodes, NODE_COLUMNS));
      return ExitCode.OK;
    },
  },
  {
    name: 'nodes register',
    args: '<node.json>',
    summary: 'register a node from a JSON file (admin); prints its first officer token, shown once',
    options: {},
    arity: [1, 1],
    async run({ io, api, args: [file], json: asJson }) {
      let body: RegisterNode;
      try {
        body = JSON.parse(readFileSync(file, 'utf8')) as RegisterNode;
      } catch (error) {
        throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
      }
      const answer = await ok(api().POST('/api/v1/nodes', { body }));
      io.out(
        asJson
          ? json(answer)
          : fields([
              ['node', answer.node.id],
              ['status', answer.node.status],
              ['token', answer.token],
            ]) + "The token is shown once: give it to the node's officer now.\n",
      );
      return ExitCode.OK;
    },
  },
  setStatus('nodes suspend', 'SUSPENDED', 'suspend a node: it stops sending and receiving (admin)'),
  setStatus('nodes reinstate', 'ACTIVE', 'reinstate a suspended node (admin)'),
];
