/**
 * `target.push(...items)` passes every item as an argument and overflows the
 * stack ("Maximum call stack size exceeded") past roughly 100k items; input
 * controls these sizes (a plan of 130k resources), so append in a loop.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
