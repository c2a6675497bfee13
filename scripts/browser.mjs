#!/usr/bin/env node
// The Chromium the docs test and `npm run docs:screenshot` drive. First the build that ships inside the
// @sparticuz/chromium devDependency (headless shell with its own libraries, brotli-packed), so a machine with
// only Node and npm runs the real browser test; then a system Chromium on PATH for platforms that package
// has no build for. The package unpacks into os.tmpdir(); pointed at a private, versioned cache directory, a
// stale or planted /tmp/chromium is never picked up.
//
//   node scripts/browser.mjs     prints {"executablePath", "args"} as JSON, for the Jest test (CommonJS)
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** Flags for a headless run that never reaches the network by itself. */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--disable-sync",
  "--no-first-run",
];

async function packaged() {
  // The package exports no ./package.json; its entry point is build/index.js.
  const manifest = JSON.parse(readFileSync(join(dirname(require.resolve("@sparticuz/chromium")), "..", "package.json"), "utf8"));
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "amperity-profiles", `chromium-${manifest.version}`);
  mkdirSync(dir, { recursive: true });
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    return await chromium.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
}

function onPath() {
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/** Path of a Chromium executable; throws saying what to install when there is none. */
export async function chromiumPath() {
  const reasons = [];
  if (process.platform === "linux" && process.arch === "x64") {
    try {
      return await packaged();
    } catch (error) {
      reasons.push(`@sparticuz/chromium: ${error.message}`);
    }
  } else {
    reasons.push(`@sparticuz/chromium ships linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const system = onPath();
  if (system) return system;
  throw new Error(`no Chromium found (${reasons.join("; ")}); run npm ci, or install chromium on PATH`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify({ executablePath: await chromiumPath(), args: chromiumArgs }));
}
