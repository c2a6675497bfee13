#!/usr/bin/env node
// The export against the streaming floor (bench/streaming-floor-child.mjs: the next request as soon as the cursor has
// arrived) at a latency per request, in both member orders: documented (cursor before the profiles) and data-first
// (cursor after them), each served through the same proxy (bench/reorder-proxy-child.mjs) in front of one sandbox.
// With --baseline REV, the export of that revision is measured in the same runs, interleaved. Each figure is a
// ratio measured within one repetition; the median is reported with min–max beside it.
//
// With --rate MBPS the proxy delivers each body at that pace, as a link slower than the loopback would.
//
// Usage: node bench/cursor-first.mjs [--profiles N] [--repeats N] [--latency MS] [--rate MBPS] [--baseline REV]
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { buildStaged } from "./lib/build.mjs";
import { measure } from "./lib/measure.mjs";
import { startSandboxProcess } from "./lib/sandbox.mjs";
import { summarize } from "./lib/stats.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({ options: { profiles: { type: "string", default: "20000" }, repeats: { type: "string", default: "3" }, latency: { type: "string", default: "50" }, rate: { type: "string" }, baseline: { type: "string" } } });
const profiles = Number(args.profiles), repeats = Number(args.repeats), latencyMs = Number(args.latency);
const log = (line) => process.stderr.write(`bench: ${line}\n`);
const child = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** The package at `rev`, built in a staged copy like the working tree's. */
function buildRevision(rev) {
  const copy = mkdtempSync(join(tmpdir(), "amperity-baseline-"));
  const archive = execFileSync("git", ["-C", repo, "archive", rev, "package.json", "tsconfig.json", "tsconfig.build.json", "src", "generated", "scripts/build.mjs"]);
  execFileSync("tar", ["-x", "-C", copy], { input: archive });
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"), "dir");
  return { root: buildStaged(copy), copy };
}

/** Starts a reorder proxy in front of `upstream`; resolves to { url, close() }. */
async function startProxy(upstream, order) {
  const proc = spawn(process.execPath, [child("reorder-proxy-child.mjs"), upstream, order, ...(args.rate ? [args.rate] : [])], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout });
  const [line] = await once(lines, "line");
  lines.close();
  return { ...JSON.parse(line), close: async () => (proc.stdin.end(), await once(proc, "exit")) };
}

log(`building this tree${args.baseline ? ` and ${args.baseline}` : ""}`);
const current = buildStaged(repo);
const baseline = args.baseline ? buildRevision(args.baseline) : undefined;
const scratch = mkdtempSync(join(tmpdir(), "amperity-cursor-first-"));
mkdirSync(scratch, { recursive: true });
const sandbox = await startSandboxProcess(current, profiles, { latencyMs });
const proxies = { documented: await startProxy(sandbox.url, "documented"), "data-first": await startProxy(sandbox.url, "data-first") };
const indexId = sandbox.indexes[0];
const envFor = (url) => {
  const env = { ...process.env, AMPERITY_BASE_URL: url, AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token };
  delete env.AMPERITY_TOKEN_FILE;
  delete env.AMPERITY_REGION;
  return env;
};
const exportOf = (root, out) => (env) => measure("node", process.execPath, [join(root, "dist", "src", "cli", "bin.js"), "export", indexId, "--format", "ndjson", "--out", out, "--no-progress", "--limit", "1000"], { env });
const variants = [
  { key: "streaming floor", run: (env) => measure("node", process.execPath, [child("streaming-floor-child.mjs"), indexId, "1000"], { env }) },
  // Its cursor is read from the body's tail only: it cannot page the documented order.
  { key: "fetch-only floor", orders: ["data-first"], run: (env) => measure("node", process.execPath, [child("floor-child.mjs"), indexId, "1000"], { env }) },
  { key: "export", run: exportOf(current, join(scratch, "export.ndjson")) },
  ...(baseline ? [{ key: `export at ${args.baseline}`, run: exportOf(baseline.root, join(scratch, "baseline.ndjson")) }] : []),
];
const seconds = {};
log(`${profiles.toLocaleString("en-US")} profiles, ${latencyMs} ms per request${args.rate ? `, bodies at ${args.rate} MB/s` : ""}, ${repeats} repetitions; load average ${loadavg().map((n) => n.toFixed(1)).join(" ")}`);
try {
  // The sandbox's first pages come from cold code: one untimed walk in each order, so no variant pays for that.
  for (const [order, proxy] of Object.entries(proxies)) {
    log(`warming up the sandbox, ${order}`);
    await variants[0].run(envFor(proxy.url));
  }
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const [order, proxy] of Object.entries(proxies)) {
      for (const v of variants.filter((v) => !v.orders || v.orders.includes(order))) {
        log(`${repeat}/${repeats} ${order}: ${v.key}`);
        ((seconds[order] ??= {})[v.key] ??= []).push((await v.run(envFor(proxy.url))).seconds);
      }
    }
  }
} finally {
  for (const proxy of Object.values(proxies)) await proxy.close();
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(current, { recursive: true, force: true });
  if (baseline) for (const dir of [baseline.root, baseline.copy]) rmSync(dir, { recursive: true, force: true });
}

const figure = ({ median, min, max }, digits) => `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
const lines = [`| order | measure | median (min–max) of ${repeats} |`, "|---|---|---|"];
for (const [order, runs] of Object.entries(seconds)) {
  for (const [key, values] of Object.entries(runs)) lines.push(`| ${order} | ${key}: s | ${figure(summarize(values), 2)} |`);
  const ratio = (a, b) => summarize(runs[a].map((s, i) => s / runs[b][i]));
  for (const key of Object.keys(runs).filter((k) => k.startsWith("export"))) lines.push(`| ${order} | **${key} / streaming floor** | ${figure(ratio(key, "streaming floor"), 3)} |`);
  if (baseline) lines.push(`| ${order} | **export / export at ${args.baseline}** | ${figure(ratio("export", `export at ${args.baseline}`), 3)} |`);
}
lines.push("", `load average at the end: ${loadavg().map((n) => n.toFixed(1)).join(" ")}`);
process.stdout.write(`${lines.join("\n")}\n`);
