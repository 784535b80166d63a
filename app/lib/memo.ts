/**
 * `fn` remembered by its string argument: a table's labels (a status, a channel) are the same few
 * words on every row, so each is translated once per render instead of once per cell.
 */
export function memoByKey<T>(fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = fn(key);
    seen.set(key, value);
    return value;
  };
}
