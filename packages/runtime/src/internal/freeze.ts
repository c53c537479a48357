/**
 * Deep freezing for values that enter a cache. Objects from the in-memory
 * apiserver are already frozen (immer), so the check costs one
 * `Object.isFrozen` per object; anything else (a hand-built client, a test
 * double) is frozen here, so a cache never holds a mutable object.
 *
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}
