import { fields, printable, ProgressBar, table, type CliIo } from './output';

describe('CLI output', () => {
  it('never lets text from the API drive the terminal: control characters are replaced', () => {
    expect(printable('Alert\u001b[2J\u001b]0;owned\u0007 title\r\nnext')).toBe(
      'Alert\uFFFD[2J\uFFFD]0;owned\uFFFD title\uFFFD\uFFFDnext',
    );
    expect(printable('tab\there\u009b31m')).toBe('tab here\uFFFD31m');
    expect(printable(null)).toBe('');
    expect(printable({ a: 1 })).toBe('{"a":1}');
  });

  it('aligns a table under its headers, cutting long cells', () => {
    const rows = [
      { id: 'KZ-PCU-AKTAU', name: 'Aktau seaport PCU' },
      { id: 'GE-PCU-POTI', name: 'x'.repeat(80) },
    ];
    const text = table(rows, [
      { header: 'ID', cell: (r) => r.id },
      { header: 'NAME', cell: (r) => r.name },
    ]);
    expect(text.split('\n')).toEqual([
      'ID            NAME',
      'KZ-PCU-AKTAU  Aktau seaport PCU',
      `GE-PCU-POTI   ${'x'.repeat(59)}…`,
      '',
    ]);
    expect(table([], [{ header: 'ID', cell: () => '' }])).toBe('ID\n');
  });

  it('aligns label and value pairs', () => {
    expect(
      fields([
        ['node', 'KZ-PCU-KURYK'],
        ['status', 'ACTIVE'],
      ]),
    ).toBe('node:   KZ-PCU-KURYK\nstatus: ACTIVE\n');
  });

  it('draws the progress bar on a terminal only', () => {
    const drawn: string[] = [];
    const io = (tty: boolean): CliIo => ({
      out: () => undefined,
      err: (t) => void drawn.push(t),
      readStdin: async () => '',
      errIsTty: tty,
    });
    const quiet = new ProgressBar(io(false), 4, 'publishing');
    quiet.update(2, 0);
    quiet.finish();
    expect(drawn).toEqual([]);
    const bar = new ProgressBar(io(true), 4, 'publishing');
    bar.update(2, 1);
    bar.update(4, 1);
    bar.finish();
    expect(drawn).toEqual([
      `\rpublishing [${'#'.repeat(15)}${'.'.repeat(15)}] 2/4 (1 refused)`,
      `\rpublishing [${'#'.repeat(30)}] 4/4 (1 refused)`,
      '\n',
    ]);
  });
});
