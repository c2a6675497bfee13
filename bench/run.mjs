#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --with-tests] [-- --matrix]`: builds the package in a staged copy, starts a sandbox (no
// faults, no rate limit, no latency) in its own process, and measures client overhead, export throughput and
// peak memory, the seed's Python sample, lookups at concurrency (bench/lookups.mjs), bundle size and CLI
// start-up. Prints a Markdown table and writes the
// same figures to bench/results.json. With --matrix the export is measured on the machine's Node and on each
// Node pinned in scripts/node-matrix.mjs (the CLI child runs on that Node; the sandbox stays on this one). Each figure is the median of several runs (min–max beside it); each
// comparison is a ratio measured in the same run, because these machines are shared and noisy.
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildStaged } from "./lib/build.mjs";
import { measure, rssMethod } from "./lib/measure.mjs";
import { startSandboxProcess } from "./lib/sandbox.mjs";
import { summarize } from "./lib/stats.mjs";
import { measureSize } from "./size.mjs";
import { nodeBinary, pinned } from "../scripts/node-matrix.mjs";
import { measureLookups } from "./lookups.mjs";
import { measureSpeed } from "./speed.mjs";
import { measureWarehouse } from "./warehouse.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (!["--quick", "--with-tests", "--matrix"].includes(arg)) {
    console.error(`unknown option ${arg}; usage: npm run bench [-- --quick] [-- --with-tests] [-- --matrix]`);
    process.exit(2);
  }
}
const quick = args.has("--quick");
const plan = quick
  ? { profiles: 100_000, small: 10_000, exportRuns: 1, overheadRuns: 12, overheadProfiles: 10_000, startupRuns: 10 }
  : { profiles: 1_000_000, small: 100_000, exportRuns: 3, overheadRuns: 30, overheadProfiles: 20_000, startupRuns: 10 };
// The seed's sample needs `requests`: the first of these interpreters that has it (the machine's python3 on PATH
// may be a pyenv one that has it where /usr/bin/python3 does not).
const pythons = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ["python3", "/usr/bin/python3"];
const python = pythons.find((candidate) => spawnSync(candidate, ["-c", "import requests"], { stdio: "ignore" }).status === 0) ?? pythons[0];
const log = (line) => process.stderr.write(`bench: ${line}\n`);
// The Node versions the export runs on: this one, and with --matrix the pinned ones (fetched on first use).
const nodes = [{ version: process.version, bin: process.execPath }];
if (args.has("--matrix")) for (const { major, version } of pinned) nodes.push({ version: `v${version}`, bin: nodeBinary(major) });

const machine = {
  date: new Date().toISOString(),
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model.trim() ?? "unknown",
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  os: `${process.platform} ${release()}`,
  loadAverageAtStart: loadavg().map((n) => Number(n.toFixed(2))),
};

const count = (path) =>
  new Promise((resolve, reject) => {
    let lines = 0;
    createReadStream(path)
      .on("data", (chunk) => {
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
      })
      .on("error", reject)
      .on("end", () => resolve(lines));
  });

const rows = [];
const results = { machine, mode: quick ? "quick" : "full", plan, rssMethod, nodes: nodes.map((n) => n.version), figures: {} };
/** A table row; `s` is a summary from stats.mjs, `format` renders one number. */
function row(name, s, format, target = "", met = undefined) {
  rows.push({ name, s, format, target, met });
}

log(`building a staged copy (${quick ? "quick" : "full"} run)`);
const root = buildStaged(repo);
const bin = join(root, "dist", "src", "cli", "bin.js");
const scratch = mkdtempSync(join(tmpdir(), "amperity-bench-out-"));

log(`starting a sandbox of ${plan.profiles.toLocaleString("en-US")} profiles in a child process`);
// Its default member order (the documented one) and shapes: index 0 holds strings (customers), index 1 mixed types
// (loyalty), for the warehouse comparison.
const sandbox = await startSandboxProcess(root, plan.profiles, { indexes: 2 });
const indexId = sandbox.indexes[0];
// The connection goes to children through the environment, never their command lines.
const env = { ...process.env, AMPERITY_BASE_URL: sandbox.url, AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token };
delete env.AMPERITY_TOKEN_FILE;
delete env.AMPERITY_REGION;

try {
  // 1. Client overhead.
  log(`client overhead: ${plan.overheadRuns} interleaved pairs of ${plan.overheadProfiles.toLocaleString("en-US")} profiles at limit 100 and 1000`);
  const overhead = spawnSync(
    process.execPath,
    [join(repo, "bench", "overhead-child.mjs"), root, indexId, String(plan.overheadProfiles), String(plan.overheadRuns), "100", "1000"],
    { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (overhead.status !== 0) throw new Error(`the overhead run failed (${overhead.status})`);
  const measured = JSON.parse(overhead.stdout);
  for (const limit of ["100", "1000"]) {
    const { sdk, raw, ratio, sdkCpuUs, rawCpuUs, cpuRatio } = measured[limit];
    const r = summarize(ratio);
    const cpu = summarize(cpuRatio);
    results.figures[`overhead.limit${limit}`] = {
      sdk: summarize(sdk), raw: summarize(raw), ratio: r, sdkCpuUs: summarize(sdkCpuUs), rawCpuUs: summarize(rawCpuUs), cpuRatio: cpu,
    };
    row(`items() profiles/s, limit ${limit}`, summarize(sdk), perSecond);
    row(`raw fetch loop profiles/s, limit ${limit}`, summarize(raw), perSecond);
    row(`**ratio items() / raw fetch, limit ${limit}**`, r, ratioFmt, "≥ 0.95", r.median >= 0.95);
    row(`CPU µs per profile in the measuring process, items() / raw, limit ${limit}`, cpu, ratioFmt);
  }
  const ceiling = summarize(measured.ceiling);
  results.figures["sandbox.ceiling"] = ceiling;
  row("sandbox ceiling: fetch without JSON.parse, limit 1000, profiles/s", ceiling, perSecond);

  // 2 and 3. Export, interleaved: each repeat runs every variant once.
  const variants = nodes.flatMap((node) => [
    { key: `${node.version}.ndjson.small`, node, format: "ndjson", n: plan.small },
    { key: `${node.version}.ndjson.large`, node, format: "ndjson", n: plan.profiles },
    { key: `${node.version}.csv.small`, node, format: "csv", n: plan.small },
    { key: `${node.version}.csv.large`, node, format: "csv", n: plan.profiles },
  ]);
  const hasRequests = spawnSync(python, ["-c", "import requests"], { stdio: "ignore" }).status === 0;
  if (hasRequests) variants.push({ key: "python.large", format: "csv", n: plan.profiles, python: true });
  else log(`skipping the vendor Python sample: none of ${pythons.join(", ")} can import requests (pip install requests, or apt-get install python3-requests)`);
  const runs = Object.fromEntries(variants.map((v) => [v.key, { rate: [], rssMb: [] }]));
  for (let repeat = 1; repeat <= plan.exportRuns; repeat++) {
    for (const v of variants) {
      log(`export ${repeat}/${plan.exportRuns}: ${v.python ? "vendor Python" : `amperity-profiles on Node ${v.node.version}`} ${v.format}, ${v.n.toLocaleString("en-US")} profiles`);
      const out = join(scratch, `out.${v.format}`);
      const m = v.python
        ? await measure("python", python, [join(repo, "bench", "seed_export.py"), indexId, out, "1000"], { env })
        : await measure("node", v.node.bin, [bin, "export", indexId, "--format", v.format, "--out", out, "--no-progress", "--limit", "1000",
            ...(v.n < plan.profiles ? ["--max-items", String(v.n)] : [])], { env });
      const lines = await count(out);
      const expected = v.n + (v.format === "csv" ? 1 : 0);
      if (lines !== expected) throw new Error(`${v.key} wrote ${lines} lines, expected ${expected}`);
      rmSync(out, { force: true });
      runs[v.key].rate.push(v.n / m.seconds);
      runs[v.key].rssMb.push(m.maxRssKb / 1024);
    }
  }
  for (const { version } of nodes) {
    for (const format of ["ndjson", "csv"]) {
      const small = runs[`${version}.${format}.small`], large = runs[`${version}.${format}.large`];
      const growth = summarize(large.rssMb.map((rss, i) => rss / small.rssMb[i]));
      const peak = summarize(large.rssMb);
      // The machine's Node keeps the key it always had, so earlier results.json files compare directly.
      results.figures[version === process.version ? `export.${format}` : `export.${version}.${format}`] = {
        node: version,
        small: { profiles: plan.small, rate: summarize(small.rate), rssMb: summarize(small.rssMb) },
        large: { profiles: plan.profiles, rate: summarize(large.rate), rssMb: peak },
        rssGrowth: growth,
      };
      const n = plan.profiles.toLocaleString("en-US");
      const on = `Node ${version}: export ${format}`;
      row(`${on} ${n}: profiles/s`, summarize(large.rate), perSecond);
      row(`${on} ${n}: peak RSS MB`, peak, mb, "≤ 110", peak.median <= 110);
      row(`${on} ${plan.small.toLocaleString("en-US")}: peak RSS MB`, summarize(small.rssMb), mb);
      row(`**${on}: RSS(${n}) / RSS(${plan.small.toLocaleString("en-US")})**`, growth, ratioFmt, "≤ 1.10", growth.median <= 1.1);
    }
  }
  if (hasRequests) {
    const py = runs["python.large"], ours = runs[`${process.version}.csv.large`];
    const speedup = summarize(ours.rate.map((rate, i) => rate / py.rate[i]));
    const memory = summarize(ours.rssMb.map((rss, i) => rss / py.rssMb[i]));
    results.figures["seed.python"] = { rate: summarize(py.rate), rssMb: summarize(py.rssMb), speedup, memory };
    row(`vendor Python sample (repaired) csv ${plan.profiles.toLocaleString("en-US")}: profiles/s`, summarize(py.rate), perSecond);
    row("vendor Python sample: peak RSS MB", summarize(py.rssMb), mb);
    row("**ratio export csv / vendor Python, profiles/s**", speedup, ratioFmt);
    row("ratio export csv / vendor Python, peak RSS", memory, ratioFmt);
  } else {
    results.figures["seed.python"] = { skipped: `${python} cannot import requests` };
  }

  // 3a. gzip and Parquet against NDJSON on the same sandbox (bench/warehouse.mjs).
  const warehouse = await measureWarehouse({ bin, env, indexId, mixedIndexId: sandbox.indexes[1], scratch, profiles: plan.profiles, repeats: plan.exportRuns, log });
  Object.assign(results.figures, warehouse.figures);
  rows.push(...warehouse.rows);

  // 3b. Export against the fetch-only floor, with and without latency (bench/speed.mjs).
  const speed = await measureSpeed({ root, bin, scratch, python: hasRequests ? python : undefined, quick, log });
  Object.assign(results.figures, speed.figures);
  rows.push(...speed.rows);

  // 3c. Lookups at concurrency 64 against a raw fetch loop, and a shared rate limiter (bench/lookups.mjs).
  const lookups = await measureLookups({ root, quick, log });
  Object.assign(results.figures, lookups.figures);
  rows.push(...lookups.rows);

  // 4. Size.
  log("bundle size (esbuild, minified, gzip -9)");
  const size = await measureSize();
  results.figures.size = size;
  const one = (bytes) => summarize([bytes]);
  row("SDK runtime min+gzip bytes (openapi-fetch and lazy validators external)", one(size.sdk.gzipBytes), bytesFmt, "≤ 4096", size.sdk.gzipBytes <= 4096);
  row("openapi-fetch min+gzip bytes", one(size.openapiFetch.gzipBytes), bytesFmt);

  // 5. Start-up.
  log(`start-up: amperity-profiles --help × ${plan.startupRuns}`);
  const startup = [];
  for (let i = 0; i <= plan.startupRuns; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, [bin, "--help"], { stdio: "ignore" });
    if (run.status !== 0) throw new Error(`--help exited with ${run.status}`);
    if (i > 0) startup.push(performance.now() - started); // the first run only warms the file cache
  }
  const s = summarize(startup);
  results.figures.startupMs = s;
  row("`amperity-profiles --help` wall ms", s, (v) => v.toFixed(0), "≤ 200", s.median <= 200);
} finally {
  await sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
}

// 6. Test suite, on request: it takes minutes and would dominate the bench.
if (args.has("--with-tests")) {
  log("npm test (the whole suite)");
  const started = performance.now();
  const run = spawnSync("npm", ["test"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  const seconds = (performance.now() - started) / 1000;
  results.figures.testSuite = { seconds, exitCode: run.status };
  row(`\`npm test\` wall s (exit ${run.status})`, summarize([seconds]), (v) => v.toFixed(0));
} else {
  results.figures.testSuite = { skipped: "run with --with-tests" };
}

function perSecond(v) {
  return Math.round(v).toLocaleString("en-US");
}
function ratioFmt(v) {
  return v.toFixed(3);
}
function mb(v) {
  return v.toFixed(1);
}
function bytesFmt(v) {
  return v.toLocaleString("en-US");
}

const lines = [
  `Benchmark (${results.mode}), ${machine.date.slice(0, 10)}: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, ` +
    `Node ${machine.node}, ${machine.os}, load average at start ${machine.loadAverageAtStart.join(" / ")}`,
  "",
  "| Figure | Median | Min – max | Runs | Target | Met |",
  "|---|---:|---:|---:|---|---|",
  ...rows.map(({ name, s, format, target, met }) =>
    `| ${name} | ${format(s.median)} | ${s.runs > 1 ? `${format(s.min)} – ${format(s.max)}` : ""} | ${s.runs} | ${target ?? ""} | ${met === undefined ? "" : met ? "yes" : "**no**"} |`),
];
if (!args.has("--with-tests")) lines.push("| `npm test` wall time | not measured (run with `--with-tests`) | | | | |");
lines.push(
  "",
  `Export rates are wall time of the whole CLI process (start-up included), page size 1000, to a file with --no-progress; ` +
    `peak RSS by ${rssMethod}. Size: esbuild --bundle --minify, gzip -9; generated/validators.js is external because ` +
    `strict mode loads it lazily.`,
);
const table = lines.join("\n");
console.log(table);
results.table = table;
writeFileSync(join(repo, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
log("wrote bench/results.json");
