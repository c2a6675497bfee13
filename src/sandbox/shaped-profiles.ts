/**
 * Profiles of a declared shape (shape.ts): for each attribute in order, one draw decides null, absent or (strings)
 * empty (for an attribute that may be any of them), then its kind draws its value. Everything comes from one PRNG seeded by (index, position), so the same seed
 * serves the same bytes, and the two renderings (bytes for pages, values for filters) agree.
 */
import { kindRenderer, type KindRenderer, type Value } from "./attribute-kinds.js";
import { JsonWriter, encode } from "./json-writer.js";
import type { ProfileShape, ShapedIndex } from "./profile-shape.js";
import { createRandom, mix, permute } from "./random.js";
import type { ProfileShapeSpec } from "./shape.js";

interface Field {
  key: Buffer;
  /** Cumulative thresholds of the presence draw: below `nulls` null, below `absent` no key, below `empty` "". */
  nulls: number;
  absent: number;
  empty: number;
  /** Whether the presence draw is made: not for an attribute always present (half the draws of a usual shape). */
  drawn: boolean;
  kind: KindRenderer;
}

const NULL = encode("null"), EMPTY = encode('""');
const [COMMA, CLOSE] = [44, 125];
const parts = { id: encode('{"id":"cl-'), indexId: encode('","index_id":"'), attributes: encode('","attributes":{'), end: encode("}}") };

/** The generator of one declared shape. */
export function shapedProfiles(spec: ProfileShapeSpec): ProfileShape {
  const fields: Field[] = spec.attributes.map((a) => {
    const nulls = a.null ?? 0, absent = nulls + (a.absent ?? 0);
    const empty = absent + (a.empty ?? 0);
    return { key: encode(`${JSON.stringify(a.name)}:`), nulls, absent, empty, drawn: empty > 0, kind: kindRenderer(a) };
  });
  const random = (index: ShapedIndex, position: number) => createRandom(mix(index.key, position));

  return {
    name: spec.name,
    attributes: spec.attributes.map((a) => a.name),
    filterFields: spec.attributes.filter((a) => a.filter).map((a) => a.name),

    values(index, position) {
      const next = random(index, position);
      return fields.map((field): Value | null | undefined => {
        const roll = field.drawn ? next() : 1;
        if (roll < field.nulls) return null;
        if (roll < field.absent) return undefined;
        if (roll < field.empty) return "";
        return field.kind.value(next, position);
      });
    },

    write(out: JsonWriter, index, position) {
      const next = random(index, position);
      out.bytes(parts.id).hex8(permute(position, index.key)).bytes(parts.indexId).ascii(index.id).bytes(parts.attributes);
      let first = true;
      for (const field of fields) {
        const roll = field.drawn ? next() : 1;
        if (roll >= field.nulls && roll < field.absent) continue;
        if (!first) out.char(COMMA);
        first = false;
        out.bytes(field.key);
        if (roll < field.nulls) out.bytes(NULL);
        else if (roll < field.empty) out.bytes(EMPTY);
        else field.kind.write(out, next, position);
      }
      out.bytes(parts.end);
    },
  };
}
