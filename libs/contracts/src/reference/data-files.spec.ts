import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataRows, readDataFile, referenceDataDir } from './data-files';

describe(referenceDataDir.name, () => {
  it('finds libs/contracts/data above the sources', () => {
    expect(referenceDataDir()).toBe(join(__dirname, '..', '..', 'data'));
    expect(existsSync(join(referenceDataDir(), 'README.md'))).toBe(true);
  });
});

describe(readDataFile.name, () => {
  it('gunzips a .gz file', () => {
    expect(readDataFile('unlocode.tsv.gz').startsWith('locode\tname\tfunction\tstatus\n')).toBe(true);
  });
});

describe(dataRows.name, () => {
  it('skips the header and the final line break', () => {
    const rows = dataRows('countries.tsv');
    expect(rows).toHaveLength(249);
    expect(rows[0]).toEqual(['AD', 'Andorra']);
    expect(rows.every((row) => row.length === 2)).toBe(true);
  });
});
