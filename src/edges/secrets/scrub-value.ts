// Applies a string scrubber to everything a value can show: a string; an error's message, stack, every other own
// property (symbols too) and its cause chain, changed in place because callers hold errors by identity; and the
// keys and values of plain objects and arrays (a parsed error body) at any depth, copied. That covers what
// util.inspect, JSON.stringify and String() of an error print. Instances of other classes are left as they are:
// their insides are not data this package put there.

/** A parsed body is a tree of plain values; past this depth a value is replaced rather than shown unscrubbed. */
const maxDepth = 64;
const tooDeep = "[nested too deeply to show]";

export function scrubValue<T>(value: T, clean: (text: string) => string): T {
  return walk(value, clean, new Map(), 0) as T;
}

function walk(value: unknown, clean: (text: string) => string, done: Map<object, unknown>, depth: number): unknown {
  if (typeof value === "string") return clean(value);
  if (typeof value !== "object" || value === null) return value;
  // A cycle points at the copy (or the error) already made, never back at the unscrubbed original.
  if (done.has(value)) return done.get(value);
  if (depth > maxDepth) return tooDeep;
  if (isError(value)) {
    done.set(value, value);
    for (const key of Reflect.ownKeys(value)) {
      const record = value as unknown as Record<PropertyKey, unknown>;
      let before: unknown;
      try {
        before = record[key];
      } catch {
        continue;
      }
      const after = walk(before, clean, done, depth + 1);
      if (after === before) continue;
      const enumerable = Object.prototype.propertyIsEnumerable.call(value, key);
      try {
        Object.defineProperty(value, key, { value: after, writable: true, configurable: true, enumerable });
      } catch {
        // A frozen error cannot be changed; nothing this package throws is frozen.
      }
    }
    return value;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    done.set(value, copy);
    for (const item of value) copy.push(walk(item, clean, done, depth + 1));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  done.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[clean(key)] = walk(item, clean, done, depth + 1);
  return copy;
}

function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}
