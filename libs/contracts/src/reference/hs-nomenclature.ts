import { dataRows } from './data-files';

/** One heading of the Harmonized System 2022 nomenclature. */
export interface HsEntry {
  /** 2 (chapter), 4 (heading) or 6 (subheading) digits. */
  code: string;
  description: string;
  /** The number of digits: 2, 4 or 6. */
  level: number;
}

let entries: Map<string, HsEntry> | undefined;

function hsEntries(): Map<string, HsEntry> {
  return (entries ??= new Map(
    dataRows('hs-nomenclature.tsv').map(([code, level, description]) => [
      code,
      { code, description, level: Number(level) },
    ]),
  ));
}

/** The HS 2022 chapter, heading or subheading with this exact code, or undefined. */
export function hsEntry(code: string): HsEntry | undefined {
  const entry = hsEntries().get(code);
  // A copy, so a caller cannot change the shared table.
  return entry && { ...entry };
}

/**
 * Whether `code` is a chapter of the shipped nomenclature: HS 2022's `01` to `97` less the
 * reserved `77`, and `99`, which UN Comtrade uses for commodities not specified according to kind.
 */
export function isHsChapter(code: string): boolean {
  return code.length === 2 && hsEntries().has(code);
}

/** Every chapter, heading and subheading of the shipped nomenclature, in code order (copies). */
export function allHsEntries(): HsEntry[] {
  return [...hsEntries().values()].map((entry) => ({ ...entry }));
}
