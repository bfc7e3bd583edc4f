import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { randomBytes, randomUUID } from 'node:crypto';
import { ExchangeNames } from '@iren/contracts';
import { deleteStreams, drainNats } from '@iren/messaging';
import { createRootLogger, dropDatabase } from '@iren/platform';
import { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { connectPlumbing, draft, startTestAudit, testAuditConfig } from '../testing/fixtures';
import { ReportsService } from './reports.service';

jest.setTimeout(60_000);

const suffix = randomBytes(5).toString('hex');
const names = new ExchangeNames(`t${suffix}`);
const config = testAuditConfig('reports', suffix, names.namespace, { checkpointEvery: 100, checkpointSeconds: 60 });

let app: INestApplication;
const append = (d: Partial<LedgerEntryDraft>) => app.get(AppendLedgerEntry).execute(draft(d));
const alert = randomUUID();
const seizure = (data: Record<string, unknown>, node = 'KZ-PCU-AKTAU') =>
  append({
    type: 'message.feedback',
    node,
    nodes: [node],
    country: node.slice(0, 2),
    messageId: alert,
    kind: null,
    data,
  });

beforeAll(async () => {
  app = await startTestAudit(config, createRootLogger('audit', config.logLevel));
  const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 10, 0, s)).toISOString();
  const bakuDelivery = { node: 'AZ-PCU-BAKU', nodes: ['AZ-PCU-BAKU'], country: 'AZ', messageId: alert };
  await append({
    type: 'message.published',
    at: at(0),
    node: 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU'],
    country: 'KZ',
    messageId: alert,
    kind: 'ALERT',
    data: { kind: 'ALERT', category: 'WILDLIFE', feedbackDueBy: '2026-03-02T00:00:00.000Z' },
  });
  await append({ ...bakuDelivery, type: 'message.delivered', at: at(1), data: { kind: 'ALERT' } });
  await append({ ...bakuDelivery, type: 'message.read', at: at(4), kind: null, data: {} });
  await append({ ...bakuDelivery, type: 'message.read', at: at(9), kind: null, data: {} });
  await append({ ...bakuDelivery, type: 'feedback.overdue', at: at(20), kind: null, data: {} });
  // Malformed metadata, as only a faulty or hostile producer of events could write: skipped, never fatal.
  await seizure({ outcome: 'SEIZURE', seizedAt: 'last spring', quantities: [{ category: 'IPR', pieces: 1 }] });
  await seizure({ outcome: 'SEIZURE', seizedAt: '2024-05-01', quantities: 'lots' });
  await seizure({ outcome: 'SEIZURE', seizedAt: '2024-05-01', quantities: ['IPR', { pieces: 3 }, null] });
  await seizure({ outcome: 'SEIZURE', seizedAt: '2024-05-01', quantities: [{ category: 'IPR', kilograms: 1000 }] });
  await seizure({ outcome: 'NO_ACTION', seizedAt: '2024-05-01', quantities: [{ category: 'IPR', pieces: 5 }] });
  // Well-formed: a date-time seizure is counted in the year it names.
  await seizure({
    outcome: 'SEIZURE',
    seizedAt: '2024-12-31T23:30:00-05:00',
    quantities: [{ category: 'WILDLIFE', pieces: 2, kilograms: '0.750' }],
  });
});

afterAll(async () => {
  await app?.close();
  const nc = await connectPlumbing();
  await deleteStreams(await jetstreamManager(nc), names);
  await drainNats(nc);
  await dropDatabase(config.databaseUrl);
});

describe(ReportsService.name, () => {
  it('adds only well-formed seizure lines, by the year the seizure names', async () => {
    const report = await app.get(ReportsService).seizures({});
    expect(report.totals).toEqual([{ category: 'WILDLIFE', pieces: 2, kilograms: '0.750', alerts: 1 }]);
    expect(report.years).toEqual([{ year: 2024, totals: report.totals }]);
  });

  it('follows a delivery to its first read and its overdue feedback', async () => {
    const report = await app.get(ReportsService).exchange({});
    expect(report.network).toMatchObject({
      sent: { total: 1, byCategory: { WILDLIFE: 1 } },
      received: { total: 1, byKind: { ALERT: 1 }, byCategory: { WILDLIFE: 1 } },
      timeToRead: { count: 1, medianSeconds: 3, p90Seconds: 3 },
      feedback: { requested: 1, given: 0, rate: 0, overdue: 1 },
    });
  });
});
