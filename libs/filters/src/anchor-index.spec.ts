import { AnchorIndex } from './anchor-index';
import type { Anchor } from './filter-anchor';
import { matchable } from './testing/fixtures';

function candidates<E>(index: AnchorIndex<E>, message = matchable()): E[] {
  const seen: E[] = [];
  index.forEachCandidate(message, (entry) => seen.push(entry));
  return seen;
}

describe(AnchorIndex.name, () => {
  const aktau: Anchor = { field: 'locodes', keys: ['KZAAU'] };

  it('visits only the entries filed under the message’s own values', () => {
    const index = new AnchorIndex<string>();
    index.add(aktau, 'aktau');
    for (let i = 0; i < 1000; i++)
      index.add({ field: 'locodes', keys: [`NL${i.toString(36).padStart(3, 'A')}`] }, `far-${i}`);
    index.add({ field: 'countries', keys: ['UZ'] }, 'uzbekistan');
    index.add({ field: 'categories', keys: ['DRUGS'] }, 'drugs');
    const message = matchable({ locodes: ['KZAAU'], countries: ['KZ'], category: 'IPR' });
    expect(candidates(index, message)).toEqual(['aktau']);
  });

  it('visits an entry once per value of the message it is filed under', () => {
    const index = new AnchorIndex<string>();
    index.add({ field: 'locodes', keys: ['KZAAU', 'AZBAK'] }, 'caspian');
    expect(candidates(index, matchable({ locodes: ['AZBAK', 'KZAAU'] }))).toEqual(['caspian', 'caspian']);
  });

  it('files a risk minimum so that a message reaches it from that level up', () => {
    const index = new AnchorIndex<string>();
    index.add({ field: 'minRiskLevel', keys: ['HIGH'] }, 'high');
    expect(candidates(index, matchable({ riskLevel: 'MEDIUM' }))).toEqual([]);
    expect(candidates(index, matchable({ riskLevel: 'HIGH' }))).toEqual(['high']);
    expect(candidates(index, matchable({ riskLevel: 'CRITICAL' }))).toEqual(['high']);
    expect(candidates(index, matchable())).toEqual([]);
  });

  it('finds an HS prefix from a longer code, not from a shorter one', () => {
    const index = new AnchorIndex<string>();
    index.add({ field: 'hsPrefixes', keys: ['3004'] }, 'medicaments');
    expect(candidates(index, matchable({ hsCodes: ['300420'] }))).toEqual(['medicaments']);
    expect(candidates(index, matchable({ hsCodes: ['3004'] }))).toEqual(['medicaments']);
    expect(candidates(index, matchable({ hsCodes: ['30'] }))).toEqual([]);
  });

  it('no longer visits a deleted entry, and ignores deleting one it never held', () => {
    const index = new AnchorIndex<string>();
    index.add(aktau, 'aktau');
    index.add(aktau, 'also-aktau');
    index.delete(aktau, 'aktau');
    index.delete(aktau, 'never-added');
    index.delete({ field: 'hsPrefixes', keys: ['30'] }, 'never-added');
    expect(candidates(index, matchable({ locodes: ['KZAAU'] }))).toEqual(['also-aktau']);
  });
});
