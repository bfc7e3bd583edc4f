// Pure, without Preact: the route table's matching, tested on its own (route-match.spec.ts).

/** Matches `path` against a pattern such as `messages/:id`; the named parts, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!have[i]) return null;
      params[want[i].slice(1)] = have[i];
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}
