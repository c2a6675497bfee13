import path from "node:path";

/** Jest runs these files as CommonJS (see jest.config.js), so `__dirname` is the directory of this file. */
export const repoRoot = path.resolve(__dirname, "..", "..");
export const specPath = path.join(repoRoot, "generated", "openapi.json");
/** The pinned Prism CLI's entry point, run with the current Node binary (no shell, no npx, no global install). */
export const prismEntry = path.join(repoRoot, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
