import { builtinShapeSpecs, customers } from "./builtin-shapes.js";
import type { ProfileShape } from "./profile-shape.js";
import { builtinShapeNames, checkShapes } from "./shape-option.js";
import { shapedProfiles } from "./shaped-profiles.js";

export { checkShapes, type ShapeOption } from "./shape-option.js";

const builtins = new Map<string, ProfileShape>([["customers", customers]]);

/** The shapes of the sandbox's indexes, index i taking shape i modulo their number; by default every built-in one. */
export function resolveShapes(input: unknown = builtinShapeNames): ProfileShape[] {
  return checkShapes(input).map((item) => {
    if (typeof item !== "string") return shapedProfiles(item);
    let shape = builtins.get(item);
    if (!shape) builtins.set(item, (shape = shapedProfiles(builtinShapeSpecs.find((s) => s.name === item)!)));
    return shape;
  });
}
