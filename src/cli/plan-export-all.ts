/**
 * What `export --all-indexes` decides before its first export starts: that --out-dir is a folder it can write in,
 * and which index goes to which file. An index id becomes a file name, so an id that could climb out of the
 * folder or hide as a dot file is refused; and so is any index whose file or side file (part, lock, checkpoint,
 * manifest and their temporary files, output-names.ts) would be another index's, or would be on a file system
 * that ignores case (two ids that differ only by case): each is reported, the others are exported.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { join } from "node:path";
import { outputClashes, type OutputClash } from "../edges/files/output-names.js";
import { UsageError } from "./handle-error.js";
import { inPlainWords, shellWord } from "./os-error-words.js";

/** Refuses, before any request, an --out-dir that is missing, not a folder, or not writable. */
export async function assertOutDir(outDir: string): Promise<void> {
  const words = (error: unknown) => inPlainWords(error, { setting: "--out-dir", what: "folder", path: outDir, folder: true }) ?? `cannot use --out-dir ${outDir}`;
  const info = await stat(outDir).catch((error: unknown) => {
    throw new UsageError(words(error));
  });
  if (!info.isDirectory()) {
    throw new UsageError(`--out-dir ${outDir} is not a folder; give a folder (create one with mkdir -p ${shellWord(outDir)})`);
  }
  await access(outDir, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw new UsageError(inPlainWords(error, { setting: "--out-dir", what: "folder", path: outDir, output: true }) ?? `cannot write in --out-dir ${outDir}`);
  });
}

// An index id becomes a file name: one that could climb out of --out-dir or hide as a dot file is refused.
const safeFileName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export interface IndexFiles {
  /** Each index's file, in listing order. */
  files: Map<string, string>;
  /** Why an index is not exported, by id. */
  refused: Map<string, string>;
}

export function planIndexFiles(ids: readonly string[], outDir: string, fileName: (indexId: string) => string): IndexFiles {
  const files = new Map<string, string>();
  const refused = new Map<string, string>();
  for (const indexId of ids) {
    if (safeFileName.test(indexId)) files.set(indexId, join(outDir, fileName(indexId)));
    else refused.set(indexId, `the index id ${JSON.stringify(indexId)} is not a safe file name; export it alone with --out`);
  }
  const clashes = outputClashes([...files].map(([id, path]) => ({ id, path })));
  for (const clash of clashes) {
    if (refused.has(clash.id)) continue;
    refused.set(clash.id, clashReason(clash, files.get(clash.id)!));
  }
  for (const id of refused.keys()) files.delete(id);
  return { files, refused };
}

function clashReason({ id, other, role, otherRole, name, caseOnly }: OutputClash, file: string): string {
  if (caseOnly) {
    return (
      `the index ids ${JSON.stringify(id)} and ${JSON.stringify(other)} differ only by case, so their files would be one on macOS and Windows; ` +
      `neither is exported here: export each alone with --out`
    );
  }
  const mine = role === "file" ? `its file ${file}` : `its ${role} ${name}`;
  return `${mine} would be the ${otherRole} of index ${JSON.stringify(other)}; neither is exported here: export each alone with --out`;
}
