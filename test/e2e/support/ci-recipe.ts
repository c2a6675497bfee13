// Reads the GitHub Actions recipes a guide shows (its ```yaml blocks), so the pack test can run their steps as
// written. Only the shape the recipes use is understood: a `steps:` list whose items have `uses`, `run`, `with`,
// `working-directory` and an `env` map of plain `KEY: value` lines.
import { readFileSync } from "node:fs";

export interface RecipeStep {
  uses?: string;
  run?: string;
  workingDirectory?: string;
  env: Record<string, string>;
}

/** The fenced blocks of `lang` in a Markdown file, in order. */
export function codeBlocks(file: string, lang: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]!);
}

/** The steps of each ```yaml block of `file` that has a `steps:` list. */
export function recipeSteps(file: string): RecipeStep[][] {
  return codeBlocks(file, "yaml")
    .filter((block) => /^\s*steps:\s*$/m.test(block))
    .map((block) => {
      const steps: RecipeStep[] = [];
      let inEnv = false;
      for (const line of block.split("\n")) {
        const item = /^\s*- (uses|run): (.*)$/.exec(line);
        if (item) {
          steps.push({ [item[1]!]: item[2]!.trim(), env: {} });
          inEnv = false;
          continue;
        }
        const step = steps.at(-1);
        if (!step) continue;
        const field = /^\s+(env|with|working-directory|if):\s*(.*)$/.exec(line);
        if (field) {
          inEnv = field[1] === "env";
          if (field[1] === "working-directory") step.workingDirectory = field[2]!.trim();
          continue;
        }
        const entry = /^\s+([A-Z_]+): (.*)$/.exec(line);
        if (inEnv && entry) step.env[entry[1]!] = entry[2]!.trim();
      }
      return steps;
    });
}
