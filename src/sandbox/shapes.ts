import { builtinShapeNames, builtinShapeSpecs, customers } from "./builtin-shapes.js";
import type { ProfileShape } from "./profile-shape.js";
import { checkShape, type ProfileShapeSpec } from "./shape.js";
import { shapedProfiles } from "./shaped-profiles.js";

/** A built-in shape's name, or a shape declared in full (a shape file's content). */
export type ShapeOption = string | ProfileShapeSpec;

const builtins = new Map<string, ProfileShape>([["customers", customers]]);

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

/** The shapes of the sandbox's indexes, index i taking shape i modulo their number; by default every built-in one. */
export function resolveShapes(input: unknown = builtinShapeNames): ProfileShape[] {
  return checkShapes(input).map((item) => {
    if (typeof item !== "string") return shapedProfiles(item);
    let shape = builtins.get(item);
    if (!shape) builtins.set(item, (shape = shapedProfiles(builtinShapeSpecs.find((s) => s.name === item)!)));
    return shape;
  });
}
