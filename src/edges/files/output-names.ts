/**
 * Every name an export to `out` writes: the file itself and its side files (part, lock, checkpoint, manifest, and
 * the temporary files the last two are replaced through). Defined once, here, so that the modules that write them
 * and the check that no output of a run lands on another's name agree on what the names are.
 */
import { resolve } from "node:path";

export type OutputRole = "file" | "part file" | "lock" | "checkpoint" | "temporary checkpoint" | "manifest" | "temporary manifest";

export const partPath = (out: string): string => `${out}.part`;
export const lockPath = (out: string): string => `${out}.lock`;
export const checkpointPath = (out: string): string => `${out}.checkpoint.json`;
export const manifestPath = (out: string): string => `${out}.manifest.json`;
/** The temporary file a small file is replaced through (replace-file.ts). */
export const temporaryPath = (path: string): string => `${path}.tmp`;

export function outputNames(out: string): { role: OutputRole; path: string }[] {
  return [
    { role: "file", path: out },
    { role: "part file", path: partPath(out) },
    { role: "lock", path: lockPath(out) },
    { role: "checkpoint", path: checkpointPath(out) },
    { role: "temporary checkpoint", path: temporaryPath(checkpointPath(out)) },
    { role: "manifest", path: manifestPath(out) },
    { role: "temporary manifest", path: temporaryPath(manifestPath(out)) },
  ];
}

/** One output of a run whose names meet another's: `name` is this output's `role`, and the other's `otherRole`. */
export interface OutputClash {
  id: string;
  other: string;
  role: OutputRole;
  otherRole: OutputRole;
  name: string;
  /** The two names differ only by case (or Unicode normalization): one file on macOS and Windows, two on Linux. */
  caseOnly: boolean;
}

/**
 * The clashes among a run's outputs, each reported for both outputs involved. Names are compared as the most
 * forgiving file system would (case-folded, NFC), so a run never depends on the one it happens to write to.
 */
export function outputClashes(outputs: readonly { id: string; path: string }[]): OutputClash[] {
  const claimed = new Map<string, { id: string; role: OutputRole; name: string }>();
  const clashes: OutputClash[] = [];
  for (const { id, path } of outputs) {
    for (const { role, path: name } of outputNames(path)) {
      const absolute = resolve(name);
      const key = absolute.normalize("NFC").toLowerCase();
      const holder = claimed.get(key);
      if (holder === undefined) {
        claimed.set(key, { id, role, name: absolute });
        continue;
      }
      if (holder.id === id) continue;
      const caseOnly = holder.name !== absolute;
      clashes.push({ id, other: holder.id, role, otherRole: holder.role, name, caseOnly });
      clashes.push({ id: holder.id, other: id, role: holder.role, otherRole: role, name: holder.name, caseOnly });
    }
  }
  return clashes;
}
