import { readDataFile } from './data-files';
import { locationOf } from './unlocode';

describe(locationOf.name, () => {
  // Rows quoted in the sanity checks of the source README (shared/data/README.md).
  it.each([
    ['KZAAU', 'KZ', 'Aktau', '12-4----', 'AI'],
    ['KZAKX', 'KZ', 'Aqtobe (Aktyubinsk)', '-234----', 'AI'],
    ['UZTAS', 'UZ', 'Tashkent', '-2-45---', 'AI'],
    ['AZBAK', 'AZ', 'Baku', '1--45---', 'AI'],
    ['NLRTM', 'NL', 'Rotterdam', '12345---', 'AF'],
    ['CNSHA', 'CN', 'Shanghai Hongqiao International Apt', '---4----', 'AS'],
  ])('resolves %s', (locode, country, name, functions, status) => {
    expect(locationOf(locode)).toEqual({ locode, country, name, functions, status });
  });

  it('finds the first and the last entry of the sorted list', () => {
    expect(locationOf('ADALV')?.name).toBe('Andorra la Vella');
    expect(locationOf('ZWZVS')).toBeDefined();
  });

  it('finds every listed locode and nothing else on its line', () => {
    const lines = readDataFile('unlocode.tsv.gz').trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(111_700);
    for (const line of lines) {
      const [locode, name] = line.split('\t');
      const found = locationOf(locode);
      if (found?.name !== name) throw new Error(`${locode}: expected ${name}, found ${found?.name}`);
    }
  });

  it.each(['KZZZZ', 'kzaau', 'KZAA', 'KZAAUX', '', 'AAAAA', 'ZZZZZ'])('answers undefined for %p', (locode) => {
    expect(locationOf(locode)).toBeUndefined();
  });
});
