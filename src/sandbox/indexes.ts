import { indexNames } from "./names.js";
import type { ProfileShape, ShapedIndex } from "./profile-shape.js";
import { hashString, hex8, mix, permute } from "./random.js";

/** A profile index of the sandbox, with the key its profiles are derived from, their shape and its JSON, built once. */
export interface SandboxIndex extends ShapedIndex {
  readonly id: string;
  /** Mixed into every profile of the index, so two indexes (or two seeds) never share data. */
  readonly key: number;
  readonly shape: ProfileShape;
  /** The index as JSON, encoded once. */
  readonly json: Buffer;
}

const epoch2024 = Date.UTC(2024, 0, 1);
const day = 86_400_000;
const second = 1000;

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The sandbox's indexes: ids like `idx-3f9a0c1e`, distinct for every position and seed; shapes taken in turn. */
export function createIndexes(seed: string, count: number, shapes: readonly ProfileShape[]): SandboxIndex[] {
  const seedKey = hashString(seed);
  return Array.from({ length: count }, (_, ordinal) => {
    const key = mix(seedKey, ordinal + 1);
    const id = `idx-${hex8(permute(ordinal, seedKey))}`;
    const [name, description] = indexNames[ordinal % indexNames.length]!;
    const round = Math.floor(ordinal / indexNames.length);
    const created = epoch2024 + (mix(key, 1) % 365) * day + (mix(key, 2) % 86_400) * second;
    const updated = created + (mix(key, 3) % 180) * day + (mix(key, 4) % 86_400) * second;
    const json = Buffer.from(JSON.stringify({
      id,
      name: round === 0 ? name : `${name} ${round + 1}`,
      description,
      created_at: timestamp(created),
      updated_at: timestamp(updated),
    }));
    return { id, key, shape: shapes[ordinal % shapes.length]!, json };
  });
}
