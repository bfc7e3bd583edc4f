/**
 * Whether a party name fits a risk profile's name pattern (see `RiskIndicators`): both compared
 * case-insensitively with runs of spaces made one. A pattern without `*` fits a name containing
 * it; with `*`, it must cover the whole name, each `*` standing for any run of characters. Plain
 * string search, never a regular expression: no pattern can make matching slow or surprising.
 */
export function namePatternMatches(pattern: string, name: string): boolean {
  const wanted = normalise(pattern);
  const text = normalise(name);
  if (!wanted.includes('*')) return text.includes(wanted);
  const parts = wanted.split('*');
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first)) return false;
  let from = first.length;
  for (const middle of parts.slice(1, -1)) {
    const at = text.indexOf(middle, from);
    if (at < 0) return false;
    from = at + middle.length;
  }
  // Taking each middle part at its first place leaves the most room for the last part.
  return text.length - last.length >= from && text.endsWith(last);
}

function normalise(value: string): string {
  return value.toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}
