// Lookups at concurrency: `profiles.get()` from 64 concurrent callers against a raw `fetch` loop at the same
// concurrency, on the same sandbox (in a child process), in the same run, interleaved pair by pair (each pair
// alternates which side goes first), with no latency and with 20 ms of latency per response. A third loop, raw fetch
// with the AbortSignal and timer a per-attempt timeout needs, shows how much of the client's CPU that signal is. Prints the throughput
// ratio (target ≥ 0.95× raw) and the p99 latency the client adds (target ≤ 1 ms). Then checks that one rate
// limiter shared by concurrent calls, half of them through a client derived with withOptions, holds its rate
// (maxRequestsPerSecond 500 for 2 s: the measured rate within 3 %). The limiter's callers are many (256), so that
// they always wait on it: with 64 and a busy machine, a round trip over 128 ms caps the rate below 500 whatever the
// limiter does (64 in flight / 0.128 s).
//
// Standalone: `node bench/lookups.mjs [--quick]` builds a staged copy first; run.mjs calls measureLookups().
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildStaged } from "./lib/build.mjs";
import { startSandboxProcess } from "./lib/sandbox.mjs";
import { summarize } from "./lib/stats.mjs";

const concurrency = 64;
const ratio = (v) => v.toFixed(3);
const ms = (v) => v.toFixed(2);
const perSecond = (v) => Math.round(v).toLocaleString("en-US");

export function lookupsPlan(quick) {
  return quick
    ? { pairs: 3, regimes: [{ latencyMs: 0, requests: 4000 }, { latencyMs: 20, requests: 2000 }], limiter: { rps: 500, seconds: 2, callers: 256 } }
    : { pairs: 9, regimes: [{ latencyMs: 0, requests: 20_000 }, { latencyMs: 20, requests: 8000 }], limiter: { rps: 500, seconds: 2, callers: 256 } };
}

/** The p-th percentile (0..100) of a list of numbers, nearest rank. */
function percentile(values, p) {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `requests` lookups by `concurrency` workers, each taking the next profile id in turn; returns the rate (lookups
 * per wall second), every lookup's latency in ms, and this process's CPU µs per lookup (steadier than wall time
 * on a shared machine: the sandbox runs in its own process).
 */
async function drive(lookup, ids, requests) {
  const latencies = new Float64Array(requests);
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < requests; i = next++) {
      const t0 = performance.now();
      await lookup(ids[i % ids.length]);
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rate = requests / ((performance.now() - started) / 1000);
  const { user, system } = process.cpuUsage(cpu);
  return { rate, latencies, cpuUs: (user + system) / requests };
}

/** Runs the lookups benchmark; returns { rows, figures } for run.mjs's table. */
export async function measureLookups({ root, quick, log }) {
  const plan = lookupsPlan(quick);
  const { createAmperityClient } = await import(pathToFileURL(join(root, "dist", "src", "index.js")).href);
  const { apiVersions } = await import(pathToFileURL(join(root, "dist", "generated", "constraints.js")).href);
  const rows = [];
  const figures = {};
  let sink = 0; // each side reads a field of every profile, kept observable so the work is not optimised away

  for (const regime of plan.regimes) {
    const name = `${regime.latencyMs} ms latency`;
    log(`lookups, ${name}: ${plan.pairs} interleaved pairs of ${regime.requests.toLocaleString("en-US")} lookups at concurrency ${concurrency}`);
    const sandbox = await startSandboxProcess(root, 10_000, { latencyMs: regime.latencyMs });
    try {
      const { url, tenant, token } = sandbox;
      const indexId = sandbox.indexes[0];
      const headers = { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": apiVersions[0], "accept-encoding": "gzip, deflate, br" };
      const first = await (await fetch(`${url}/indexes/${indexId}/profiles?limit=1000`, { headers })).json();
      const ids = first.data.map((profile) => profile.id);
      const client = createAmperityClient({ tenant, token, baseUrl: url });
      const viaClient = async (id) => {
        sink += (await client.profiles.get(indexId, id)).id.length;
      };
      const base = `${url}/indexes/${encodeURIComponent(indexId)}/profiles/`;
      const viaFetch = async (id) => {
        const response = await fetch(base + encodeURIComponent(id), { headers });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        sink += JSON.parse(await response.text()).id.length;
      };
      // The same with what a per-attempt timeout needs: an AbortSignal (undici follows it, at a cost) and a timer.
      const viaFetchTimed = async (id) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
          const response = await fetch(base + encodeURIComponent(id), { headers, signal: controller.signal });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          sink += JSON.parse(await response.text()).id.length;
        } finally {
          clearTimeout(timer);
        }
      };
      // Warm-up (JIT, 64 kept-alive connections each), not counted.
      await drive(viaClient, ids, concurrency * 20);
      await drive(viaFetch, ids, concurrency * 20);
      await drive(viaFetchTimed, ids, concurrency * 20);
      const sdk = [], raw = [], rateRatio = [], p99Added = [], sdkP99 = [], rawP99 = [], cpuRatio = [], timedCpuRatio = [];
      for (let i = 0; i < plan.pairs; i++) {
        let a, b, c;
        if (i % 2 === 0) (a = await drive(viaClient, ids, regime.requests)), (b = await drive(viaFetch, ids, regime.requests)), (c = await drive(viaFetchTimed, ids, regime.requests));
        else (c = await drive(viaFetchTimed, ids, regime.requests)), (b = await drive(viaFetch, ids, regime.requests)), (a = await drive(viaClient, ids, regime.requests));
        sdk.push(a.rate), raw.push(b.rate), rateRatio.push(a.rate / b.rate);
        const pa = percentile(a.latencies, 99), pb = percentile(b.latencies, 99);
        sdkP99.push(pa), rawP99.push(pb), p99Added.push(pa - pb), cpuRatio.push(a.cpuUs / b.cpuUs), timedCpuRatio.push(a.cpuUs / c.cpuUs);
      }
      const r = summarize(rateRatio);
      const added = summarize(p99Added);
      figures[`lookups.latency${regime.latencyMs}`] = {
        concurrency, requests: regime.requests, sdk: summarize(sdk), raw: summarize(raw), ratio: r,
        sdkP99Ms: summarize(sdkP99), rawP99Ms: summarize(rawP99), p99AddedMs: added, cpuRatio: summarize(cpuRatio), cpuRatioToTimedFetch: summarize(timedCpuRatio),
      };
      rows.push({ name: `profiles.get() lookups/s, concurrency ${concurrency}, ${name}`, s: summarize(sdk), format: perSecond });
      rows.push({ name: `raw fetch lookups/s, concurrency ${concurrency}, ${name}`, s: summarize(raw), format: perSecond });
      rows.push({ name: `**lookups/s profiles.get() / raw fetch, ${name}**`, s: r, format: ratio, target: "≥ 0.95", met: r.median >= 0.95 });
      rows.push({ name: `p99 ms profiles.get(), ${name}`, s: summarize(sdkP99), format: ms });
      rows.push({ name: `p99 ms raw fetch, ${name}`, s: summarize(rawP99), format: ms });
      rows.push({ name: `**p99 latency added by the client, ms, ${name}**`, s: added, format: ms, target: "≤ 1", met: added.median <= 1 });
      rows.push({ name: `CPU µs per lookup in the measuring process, profiles.get() / raw fetch, ${name}`, s: summarize(cpuRatio), format: ratio });
      rows.push({ name: `CPU µs per lookup, profiles.get() / raw fetch with a timeout signal and timer, ${name}`, s: summarize(timedCpuRatio), format: ratio });
    } finally {
      await sandbox.close();
    }
  }

  // The rate limiter, shared by every concurrent call of a client and of a client derived from it.
  const { rps, seconds, callers } = plan.limiter;
  log(`lookups: maxRequestsPerSecond ${rps} shared by ${callers} concurrent callers (half through withOptions) for ${seconds} s`);
  const sandbox = await startSandboxProcess(root, 1000);
  try {
    const { url, tenant, token } = sandbox;
    const indexId = sandbox.indexes[0];
    const starts = [];
    const parent = createAmperityClient({ tenant, token, baseUrl: url, maxRequestsPerSecond: rps, hooks: { request: () => void starts.push(performance.now()) } });
    const derived = parent.withOptions({ timeoutMs: 10_000 });
    const ids = (await parent.profiles.list(indexId, { limit: 100 })).data.map((profile) => profile.id);
    starts.length = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(Array.from({ length: callers }, async (_, w) => {
      const client = w % 2 === 0 ? parent : derived;
      for (let i = w; performance.now() < until; i += callers) sink += (await client.profiles.get(indexId, ids[i % ids.length])).id.length;
    }));
    // Requests started per second between the first start and the last, after the first (which takes no slot's wait).
    const measured = ((starts.length - 1) / (starts.at(-1) - starts[0])) * 1000;
    const share = measured / rps;
    figures.lookupsRateLimiter = { maxRequestsPerSecond: rps, seconds, callers, requests: starts.length, measuredPerSecond: measured, ratio: share };
    rows.push({ name: `requests/s started under maxRequestsPerSecond ${rps}, ${callers} callers on 2 clients sharing the limiter`, s: summarize([measured]), format: perSecond });
    rows.push({ name: `**measured rate / maxRequestsPerSecond ${rps}**`, s: summarize([share]), format: ratio, target: "0.97 – 1.03", met: Math.abs(share - 1) <= 0.03 });
  } finally {
    await sandbox.close();
  }
  figures.lookupsSink = sink > 0;
  return { rows, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes("--quick");
  const log = (line) => process.stderr.write(`bench: ${line}\n`);
  log("building a staged copy");
  const root = buildStaged(fileURLToPath(new URL("..", import.meta.url)));
  try {
    const { rows } = await measureLookups({ root, quick, log });
    console.log("| Figure | Median | Min – max | Runs | Target | Met |\n|---|---:|---:|---:|---|---|");
    for (const { name, s, format, target = "", met } of rows) {
      console.log(`| ${name} | ${format(s.median)} | ${s.runs > 1 ? `${format(s.min)} – ${format(s.max)}` : ""} | ${s.runs} | ${target} | ${met === undefined ? "" : met ? "yes" : "**no**"} |`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
