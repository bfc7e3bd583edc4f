import { auditEventsCsv, csvField, type AuditEventRow } from './audit-csv';

const row: AuditEventRow = {
  index: 7,
  leafHash: 'ab'.repeat(32),
  sourceId: 'event:5c3f0d8e-1b7a-4e39-9a0c-2f6d8b1e4a77',
  type: 'message.routed',
  at: '2026-03-01T12:00:00.000Z',
  recordedAt: '2026-03-01T12:00:00.250Z',
  node: 'KZ-PCU-AKTAU',
  nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
  country: 'KZ',
  messageId: '0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10',
  kind: 'ALERT',
  correlationId: null,
  data: { recipients: ['AZ-PCU-BAKU'], note: 'a "quoted", text' },
};

describe(auditEventsCsv.name, () => {
  it('writes a header row, then one line per entry', () => {
    const lines = auditEventsCsv([row]).split('\r\n');
    expect(lines[0]).toBe('index,at,type,kind,node,nodes,country,messageId,correlationId,leafHash,data,redacted');
    expect(lines[1]).toBe(
      `7,2026-03-01T12:00:00.000Z,message.routed,ALERT,KZ-PCU-AKTAU,KZ-PCU-AKTAU AZ-PCU-BAKU,KZ,` +
        `0b5f7a7e-4b0c-4f35-9d55-6a1f1d4c2f10,,${'ab'.repeat(32)},` +
        `"{""recipients"":[""AZ-PCU-BAKU""],""note"":""a \\""quoted\\"", text""}",`,
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
  });

  it('says of an entry redacted for an officer that it is, since it no longer hashes to its leafHash', () => {
    const redacted = { ...row, data: { recipients: ['AZ-PCU-BAKU'] }, redacted: true as const };
    const [, line] = auditEventsCsv([redacted, row]).split('\r\n');
    expect(line.endsWith(`,"{""recipients"":[""AZ-PCU-BAKU""]}",true`)).toBe(true);
    expect(auditEventsCsv([row]).split('\r\n')[1].endsWith(',')).toBe(true);
  });

  it('writes the header alone for no entries', () => {
    expect(auditEventsCsv([])).toBe(
      'index,at,type,kind,node,nodes,country,messageId,correlationId,leafHash,data,redacted\r\n',
    );
  });
});

describe(csvField.name, () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['@cmd', "'@cmd"],
  ])('writes %j as %j', (value, expected) => expect(csvField(value)).toBe(expected));
});
