/** One record of a CSV file and where it starts, for messages that name it. */
export interface CsvRecord {
  /** 1-based: the header is record 1, as a spreadsheet numbers rows. */
  number: number;
  /** The 1-based line of the file the record starts on (a quoted field may hold line breaks). */
  line: number;
  fields: string[];
}

/** A file that is not CSV; names the line and what is wrong there. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`CSV line ${line}: ${problem}`);
  }
}

/**
 * Parses CSV as RFC 4180 defines it: fields separated by commas, records by CRLF (a lone LF or CR
 * is accepted too), a field in double quotes may hold commas, line breaks and doubled quotes (`""`
 * for `"`). A leading UTF-8 byte order mark (spreadsheets write one) is skipped, and so are empty
 * lines. Strict where a lenient parser would guess: a quote inside an unquoted field, text after a
 * closing quote and an unterminated quote are errors.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  let afterQuote = false;
  let number = 0;

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '' && !afterQuote;
    if (!blank) records.push({ number: ++number, line: recordLine, fields });
    fields = [];
    field = '';
    afterQuote = false;
  };

  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      recordLine = line;
    } else if (afterQuote) {
      throw new CsvSyntaxError(line, `text after a closing quote (${JSON.stringify(c)}); quote the whole field`);
    } else if (c === '"') {
      if (field !== '')
        throw new CsvSyntaxError(line, 'a quote inside an unquoted field; quote the field and double it');
      quoted = true;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0 || afterQuote) endRecord();
  return records;
}

/**
 * Writes one CSV record (RFC 4180): a field is quoted when it holds a comma, a quote or a line break.
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR, and not a
 * number) gets a leading apostrophe: the values come from other people (OWASP, CSV injection).
 */
export function csvLine(values: readonly unknown[]): string {
  return values
    .map((value) => {
      let text = value === null || value === undefined ? '' : String(value);
      if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',');
}
