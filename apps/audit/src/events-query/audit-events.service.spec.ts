import { InvalidInputError } from '@iren/platform';
import { entryLeafHash, sealEntry } from '../ledger/ledger-hashing';
import type { SealedLedgerEntry } from '../ledger/ledger-entry';
import type { LedgerFilter, LedgerRepository } from '../ledger/ledger.repository';
import { draft } from '../testing/fixtures';
import { AuditEventsService, MAX_PAGE_SIZE } from './audit-events.service';
import { decodeCursor, encodeCursor } from './cursor';

/** A ledger of `size` entries, paged like the repository: after an index, in order. */
function fakeLedger(size: number) {
  const entries: SealedLedgerEntry[] = [];
  for (let i = 0; i < size; i += 1) entries.push(sealEntry(draft(), entries.at(-1) ?? null, new Date()));
  const calls: { filter: LedgerFilter; limit: number }[] = [];
  const repository = {
    page: async (filter: LedgerFilter, limit: number) => {
      calls.push({ filter, limit });
      return entries.filter((e) => e.index > (filter.afterIndex ?? -1)).slice(0, limit);
    },
  } as unknown as LedgerRepository;
  return { service: new AuditEventsService(repository), calls };
}

describe(AuditEventsService.name, () => {
  it('pages through the ledger with the cursor, ending with next null', async () => {
    const { service } = fakeLedger(5);
    const seen: number[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await service.query({ limit: 2, after });
      seen.push(...page.items.map((i) => i.index));
      after = page.next ?? undefined;
      pages += 1;
    } while (after !== undefined);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(pages).toBe(3);
  });

  it('says next is null when the page is exactly the rest', async () => {
    const page = await fakeLedger(2).service.query({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(page.next).toBeNull();
  });

  it('answers every field the leaf hash covers, and not the chain links', async () => {
    const [item] = (await fakeLedger(1).service.query({})).items;
    expect(Object.keys(item).sort()).toEqual(
      [
        'at',
        'recordedAt',
        'sourceId',
        'correlationId',
        'country',
        'data',
        'index',
        'kind',
        'leafHash',
        'messageId',
        'node',
        'nodes',
        'type',
      ].sort(),
    );
    // The leaf hash recomputed from the answer alone, without the service's own copy of the row.
    const { leafHash, ...fields } = item;
    expect(entryLeafHash(fields)).toBe(leafHash);
  });

  it('passes the filters on, times as dates and the cursor as an index', async () => {
    const { service, calls } = fakeLedger(0);
    await service.query({ node: 'KZ-PCU-AKTAU', kind: 'ALERT', from: '2026-01-01T00:00:00Z', after: encodeCursor(9) });
    expect(calls[0].filter).toMatchObject({
      node: 'KZ-PCU-AKTAU',
      kind: 'ALERT',
      from: new Date('2026-01-01T00:00:00Z'),
      afterIndex: 9,
    });
    expect(calls[0].limit).toBe(101);
  });

  it("passes an officer's node on as the scope, beside the filters they chose", async () => {
    const { service, calls } = fakeLedger(0);
    await service.query({ node: 'AZ-PCU-BAKU', scopeNode: 'KZ-PCU-AKTAU' });
    expect(calls[0].filter).toMatchObject({ node: 'AZ-PCU-BAKU', scopeNode: 'KZ-PCU-AKTAU' });
  });

  it('keeps the page size within bounds', async () => {
    const { service, calls } = fakeLedger(0);
    await service.query({ limit: 10_000 });
    expect(calls[0].limit).toBe(MAX_PAGE_SIZE + 1);
  });

  it('refuses a cursor it did not issue, naming the field', async () => {
    const error = await fakeLedger(3)
      .service.query({ after: 'bogus!' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields?.[0].field).toBe('after');
    expect(decodeCursor('bogus!')).toBeUndefined();
  });
});
