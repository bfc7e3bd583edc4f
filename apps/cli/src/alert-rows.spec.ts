import { AlertHeaderError, alertsFromCsv } from './alert-rows';
import { parseCsv } from './csv';

const HEADER =
  'tlp,category,riskLevel,mode,title,itinerary,hsCode,goodsDescription,quantity,unit,requestedAction,toCountries,containers';

describe(alertsFromCsv.name, () => {
  it('makes an ALERT of each row, with lists split on ; and empty cells left out', () => {
    const rows = alertsFromCsv(
      parseCsv(
        `${HEADER}\r\nAMBER,IPR,HIGH,SEA,"Trainers, counterfeit",AZBAK:LOADING; KZAAU:discharge,640411,Sports footwear,2400,PCS,EXAMINE,KZ;AZ,CSQU3054383\r\n`,
      ),
    );
    expect(rows).toEqual([
      {
        row: 2,
        message: {
          kind: 'ALERT',
          tlp: 'AMBER',
          to: { nodes: [], countries: ['KZ', 'AZ'], groups: [] },
          body: {
            category: 'IPR',
            riskLevel: 'HIGH',
            mode: 'SEA',
            title: 'Trainers, counterfeit',
            summary: '',
            lang: 'en',
            transport: { containers: ['CSQU3054383'] },
            itinerary: [
              { locode: 'AZBAK', role: 'LOADING' },
              { locode: 'KZAAU', role: 'DISCHARGE' },
            ],
            goods: [{ hsCode: '640411', description: 'Sports footwear', quantity: 2400, unit: 'PCS' }],
            requestedAction: 'EXAMINE',
          },
        },
      },
    ]);
  });

  it('names the row and the problem of a row it cannot read, and reads the others', () => {
    const rows = alertsFromCsv(
      parseCsv(
        `${HEADER}\nAMBER,IPR,HIGH,SEA,t,AZBAK,1,d,lots,PCS,EXAMINE,,\nAMBER,IPR\nRED,IPR,LOW,AIR,t,,,,,,MONITOR,,\n`,
      ),
    );
    expect(rows[0]).toEqual({
      row: 2,
      problems: ['itinerary: "AZBAK" is not LOCODE:ROLE', 'quantity: "lots" is not a number'],
    });
    expect(rows[1]).toEqual({ row: 3, problems: ['has 2 fields, the header 13'] });
    expect(rows[2]).toMatchObject({ row: 4, message: { tlp: 'RED', body: { itinerary: [], mode: 'AIR' } } });
    expect('goods' in (rows[2] as unknown as { message: { body: object } }).message.body).toBe(false);
  });

  it('refuses a header with an unknown or repeated column, or no header at all', () => {
    expect(() => alertsFromCsv(parseCsv('tlp,colour\n'))).toThrow(AlertHeaderError);
    expect(() => alertsFromCsv(parseCsv('tlp,colour\n'))).toThrow(
      /unknown column "colour"; the columns are tlp, handling/,
    );
    expect(() => alertsFromCsv(parseCsv('tlp,title,tlp\n'))).toThrow('column tlp appears twice');
    expect(() => alertsFromCsv(parseCsv('tlp,toString\n'))).toThrow(/unknown column "toString"/);
    expect(() => alertsFromCsv([])).toThrow(/the file is empty/);
  });
});
