import { useEffect, useState } from 'preact/hooks';

/**
 * The answer of `lookup(value)`, asked once the value has stayed the same for `delayMs` (typing
 * does not send a request a key); undefined while waiting, and for an empty value.
 */
export function useDebouncedLookup<T>(value: string, lookup: (value: string) => Promise<T>, delayMs = 300) {
  const [answer, setAnswer] = useState<{ value: string; result: T } | undefined>(undefined);
  useEffect(() => {
    if (!value) return setAnswer(undefined);
    let current = true;
    const timer = setTimeout(() => {
      lookup(value).then(
        (result) => current && setAnswer({ value, result }),
        () => current && setAnswer(undefined),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // The value alone decides when to ask again: `lookup` is a stable function of the api.
  }, [value, delayMs]);
  return answer?.value === value ? answer.result : undefined;
}
