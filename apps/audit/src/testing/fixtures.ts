// Builders shared by the audit service's tests; not used by the service itself.
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type Envelope, type ExchangeEvent, ExchangeNames } from '@iren/contracts';
import { StandInRegistry } from '@iren/messaging/testing';
import type { AuditConfig } from '@iren/platform';
import {
  connectPlumbing,
  layOutTopology,
  NATS_URL,
  removeRunCreds,
  runCredsDir,
} from '../../../../test/support/test-bus';
import { startAudit } from '../audit.app';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';

export { connectPlumbing } from '../../../../test/support/test-bus';

/** A words-only title, so a test can look for it anywhere the ledger stores data. */
export const SECRET_TITLE = 'Suspected falsified antibiotics via Aktau';

/** A signed-looking alert from Aktau to Baku, with a body the ledger must never hold. */
export function alertEnvelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    id: randomUUID(),
    kind: 'ALERT',
    origin: 'KZ-PCU-AKTAU',
    createdAt: '2026-03-01T10:00:00.000Z',
    tlp: 'AMBER',
    handling: 'H2',
    to: { nodes: ['AZ-PCU-BAKU'], countries: ['UZ'], groups: [] },
    body: {
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: SECRET_TITLE,
      summary: 'Twelve thousand packs declared as vitamins',
      lang: 'en',
      transport: { containers: ['CSQU3054383'], billOfLading: 'MEDUAK123456', vesselImo: 'IMO9074729' },
      itinerary: [
        { locode: 'AZBAK', role: 'LOADING' },
        { locode: 'KZAAU', role: 'DISCHARGE' },
      ],
      goods: [{ hsCode: '300420', description: 'Antibiotics, retail packs', quantity: 12000, unit: 'PCS' }],
      indicators: ['ROUTE_DEVIATION'],
      requestedAction: 'EXAMINE',
    },
    signature: { keyId: 'KZ-PCU-AKTAU#1', value: 'c2lnbmF0dXJl' },
    ...overrides,
  };
}

export function exchangeEvent(overrides: Partial<ExchangeEvent> = {}): ExchangeEvent {
  return {
    id: randomUUID(),
    type: 'message.routed',
    at: '2026-03-01T10:00:01.000Z',
    node: 'KZ-PCU-AKTAU',
    nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    messageId: randomUUID(),
    data: { kind: 'ALERT', recipients: 1 },
    ...overrides,
  };
}

export function draft(overrides: Partial<LedgerEntryDraft> = {}): LedgerEntryDraft {
  return {
    sourceId: `event:${randomUUID()}`,
    type: 'message.delivered',
    at: '2026-03-01T10:00:02.000Z',
    node: 'AZ-PCU-BAKU',
    nodes: ['AZ-PCU-BAKU'],
    country: 'AZ',
    messageId: randomUUID(),
    kind: 'ALERT',
    correlationId: 'corr-1',
    data: { attempt: 1 },
    ...overrides,
  };
}

/**
 * The audit service's configuration for an integration test: its own database
 * (`iren_test_<label>_<suffix>`) and namespace on the local servers, small streams.
 */
export function testAuditConfig(
  label: string,
  suffix: string,
  namespace: string,
  checkpoints: Pick<AuditConfig, 'checkpointEvery' | 'checkpointSeconds'> &
    Partial<Pick<AuditConfig, 'ledgerLeaseSeconds'>>,
): AuditConfig {
  return {
    natsUrl: NATS_URL,
    databaseUrl: `${process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/iren_test_${label}_${suffix}`,
    namespace,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    port: 0,
    streamReplicas: 1,
    streamMaxBytes: 64 * 1024 ** 2,
    reconcileAfterSeconds: 300,
    placement: { at: 'hub', sites: [] },
    clockSkewSeconds: 600,
    ledgerLeaseSeconds: 5,
    ...checkpoints,
  };
}

/**
 * Starts the audit service alone, as the rest of the network would find it: its namespace's streams
 * laid out and the registry's keys published (the registry's jobs, done by `StandInRegistry`), and, when the shared NATS requires authentication, its own user for
 * that namespace. The credentials are removed once it is up: it holds them in memory from start.
 */
export async function startTestAudit(config: AuditConfig, logger: Logger): Promise<INestApplication> {
  await layOutTopology(config.namespace);
  // The registry's key in the bucket, which the audit pins before it believes anything.
  const plumbing = await connectPlumbing();
  await StandInRegistry.start(plumbing, new ExchangeNames(config.namespace)).finally(() => plumbing.close());
  const credsDir = await runCredsDir(config.namespace);
  try {
    return await startAudit({ ...config, ...(credsDir && { natsCredsDir: credsDir }) }, logger);
  } finally {
    removeRunCreds(credsDir);
  }
}
