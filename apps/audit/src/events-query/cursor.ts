/** The opaque `after` cursor of ledger pages: base64url of the last index a page held. */
export function encodeCursor(index: number): string {
  return Buffer.from(String(index), 'utf8').toString('base64url');
}

/** The index a cursor stands for, or undefined when it is not one this service issued. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Canonical digits only, so each index has exactly one cursor.
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) return undefined;
  const index = Number(text);
  return Number.isSafeInteger(index) && encodeCursor(index) === cursor ? index : undefined;
}
