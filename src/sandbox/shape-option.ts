/**
 * The `shapes` option as a caller gives it, and its check. Apart from the generators (shapes.ts, builtin-shapes.ts)
 * so that the sandbox's public declarations never reach their Buffer-typed internals: a consumer without
 * @types/node type-checks them (test/e2e/public-types.test.ts).
 */
import { checkShape, type ProfileShapeSpec } from "./shape.js";

/** The built-in shapes, in the order the indexes take them by default (builtin-shapes.ts defines them). */
export const builtinShapeNames = ["customers", "loyalty", "wide", "sparse"] as const;

/** A built-in shape's name, or a shape declared in full (a shape file's content). */
export type ShapeOption = string | ProfileShapeSpec;

/**
 * Checks a `shapes` option, refusing it with a RangeError whose message starts with `where` (the option, or the
 * flag and file it came from): a non-empty array of built-in shape names and shapes {name, attributes}.
 */
export function checkShapes(input: unknown, where = "Sandbox option shapes"): ShapeOption[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new RangeError(`${where} must be a non-empty array of built-in shape names (${builtinShapeNames.join(", ")}) or shapes {name, attributes}`);
  }
  return input.map((item: unknown, i) => {
    const at = `${where}[${i}]`;
    if (typeof item !== "string") return checkShape(item, at);
    if (!(builtinShapeNames as readonly string[]).includes(item)) {
      throw new RangeError(`${at} names no built-in shape ${JSON.stringify(item)} (built-in: ${builtinShapeNames.join(", ")})`);
    }
    return item;
  });
}
