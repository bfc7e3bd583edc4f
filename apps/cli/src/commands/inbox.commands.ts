import { followInbox, ok } from '@iren/client';
import type { InboxItemView } from '../api-views';
import { str, type Command } from '../command';
import { ExitCode, UsageError } from '../exit-codes';
import { json, printable, printPage, type TableColumn } from '../output';
import { positiveInteger } from './values';

const INBOX_COLUMNS: TableColumn<InboxItemView>[] = [
  { header: 'DELIVERED', cell: (i) => i.deliveredAt ?? '' },
  { header: 'MESSAGE', cell: (i) => i.message.id },
  { header: 'FROM', cell: (i) => i.message.origin },
  { header: 'KIND', cell: (i) => i.message.kind },
  { header: 'TLP', cell: (i) => i.message.tlp },
  { header: 'STATE', cell: (i) => i.state },
  { header: 'TITLE', cell: (i) => subjectOf(i.message) },
];

/** A message in one line: an alert's or risk profile's title; for the other kinds, what they are about. */
export function subjectOf(message: InboxItemView['message']): string {
  switch (message.kind) {
    case 'ALERT':
    case 'RISK_PROFILE':
      return message.body.title;
    case 'HIT':
      return `hit on ${message.body.identifier.type} ${message.body.identifier.value}`;
    case 'WITHDRAWAL':
      return `withdraws ${message.body.refersTo}`;
    case 'AMENDMENT':
      return `amends ${message.body.refersTo} (version ${message.body.version})`;
    case 'FEEDBACK':
      return `feedback on ${message.body.refersTo}: ${message.body.outcome}`;
  }
}

const ACK_STATUSES = ['RECEIVED', 'ACTIONED'] as const;

export const inboxCommands: Command[] = [
  {
    name: 'inbox list',
    args: '',
    summary: "your node's deliveries, oldest first (--after a cursor to page on)",
    options: {
      after: { type: 'string', help: 'the cursor to start after (the `next` of the previous page)' },
      limit: { type: 'string', help: 'how many items, 1 to 200 (default 50)' },
    },
    arity: [0, 0],
    async run({ io, api, options, json: asJson }) {
      const limit = positiveInteger(options.limit, 'limit') ?? 50;
      const after = str(options.after);
      const page = await ok(api().GET('/api/v1/inbox', { params: { query: { limit, ...(after && { after }) } } }));
      printPage(io, page, { json: asJson, columns: INBOX_COLUMNS, limit, command: 'iren inbox list' });
      return ExitCode.OK;
    },
  },
  {
    name: 'inbox follow',
    args: '',
    summary: 'print deliveries as they arrive, live, until interrupted (Ctrl-C)',
    options: { after: { type: 'string', help: 'the cursor to resume after' } },
    arity: [0, 0],
    async run({ io, connection, options, json: asJson }) {
      const { url, token } = connection();
      const stop = new AbortController();
      const interrupt = () => stop.abort();
      process.once('SIGINT', interrupt);
      process.once('SIGTERM', interrupt);
      try {
        const follow = followInbox(
          { baseUrl: url, token },
          {
            after: str(options.after),
            signal: stop.signal,
            onOpen: () => io.err('following the inbox; Ctrl-C stops\n'),
          },
        );
        for await (const { item } of follow) {
          if (asJson) io.out(`${JSON.stringify(item)}\n`);
          else io.out(`${INBOX_COLUMNS.map((c) => printable(c.cell(item))).join('  ')}\n`);
        }
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
      return ExitCode.OK;
    },
  },
  {
    name: 'inbox ack',
    args: '<messageId> [RECEIVED|ACTIONED]',
    summary: 'acknowledge a delivered message: received (the default) or actioned',
    options: {},
    arity: [1, 2],
    async run({ io, api, args: [messageId, given], json: asJson }) {
      const status = (given ?? 'RECEIVED').toUpperCase();
      if (!(ACK_STATUSES as readonly string[]).includes(status)) {
        throw new UsageError(`the status is RECEIVED or ACTIONED, not ${JSON.stringify(given)}`);
      }
      const answer = await ok(
        api().POST('/api/v1/inbox/{messageId}/ack', {
          params: { path: { messageId } },
          body: { status: status as (typeof ACK_STATUSES)[number] },
        }),
      );
      io.out(asJson ? json(answer) : `${printable(messageId)}: ${printable(answer?.state ?? status)}\n`);
      return ExitCode.OK;
    },
  },
];
