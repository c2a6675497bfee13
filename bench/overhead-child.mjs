// Client overhead: profiles/s through `profiles.items()` against a hand-written fetch cursor loop, same page
// size, same sandbox, same JSON parsing (Response#text + JSON.parse, as the client's transport does), same
// per-item work. Runs are interleaved and each pair alternates which side goes first, so drift (other processes,
// CPU frequency, the sandbox warming up) hits both sides alike.
//
// Usage: node bench/overhead-child.mjs <built root> <indexId> <profiles per run> <pairs> <limit>...
// Connection from AMPERITY_BASE_URL, AMPERITY_TENANT, AMPERITY_TOKEN. Prints one JSON line.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, indexId, perRun, pairs, ...limits] = process.argv.slice(2);
const n = Number(perRun);
const { AMPERITY_BASE_URL: baseUrl, AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token } = process.env;
const { createAmperityClient } = await import(pathToFileURL(join(root, "dist", "src", "index.js")).href);
const { apiVersions } = await import(pathToFileURL(join(root, "dist", "generated", "constraints.js")).href);

const client = createAmperityClient({ tenant, token, baseUrl });
const headers = { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": apiVersions[0], accept: "application/json" };
let sink = 0; // per-item work both sides do, kept observable so it is not optimised away

async function viaClient(limit) {
  let count = 0;
  for await (const profile of client.profiles.items(indexId, { limit }, { maxItems: n })) {
    sink += profile.id.length;
    count++;
  }
  return count;
}

async function viaFetch(limit, parse = true) {
  const base = `${baseUrl}/indexes/${encodeURIComponent(indexId)}/profiles?limit=${limit}`;
  let count = 0;
  let next;
  do {
    const response = await fetch(next ? `${base}&next_token=${encodeURIComponent(next)}` : base, { headers });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (!parse) {
      // The sandbox's ceiling: no JSON.parse; the cursor is cut out of the envelope's tail, the page counted whole.
      const at = text.lastIndexOf('"next_token":"');
      next = at < 0 ? undefined : text.slice(at + 14, text.indexOf('"', at + 14));
      count += limit;
      continue;
    }
    const page = JSON.parse(text);
    for (const profile of page.data) {
      sink += profile.id.length;
      if (++count >= n) break;
    }
    next = page.next_token;
  } while (next && count < n);
  return count;
}

/** Profiles per wall second, and this process's CPU microseconds per profile (steadier on a busy machine). */
async function timed(run) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const count = await run();
  const seconds = (performance.now() - started) / 1000;
  if (count !== n) throw new Error(`expected ${n} profiles, got ${count}`);
  const { user, system } = process.cpuUsage(cpu);
  return { rate: n / seconds, cpuUs: (user + system) / n };
}

const result = {};
for (const limit of limits.map(Number)) {
  // One warm-up each (JIT, keep-alive connections), not counted.
  await viaClient(limit);
  await viaFetch(limit);
  const sdk = [], raw = [], ratio = [], sdkCpuUs = [], rawCpuUs = [], cpuRatio = [];
  for (let i = 0; i < Number(pairs); i++) {
    let a, b;
    if (i % 2 === 0) (a = await timed(() => viaClient(limit))), (b = await timed(() => viaFetch(limit)));
    else (b = await timed(() => viaFetch(limit))), (a = await timed(() => viaClient(limit)));
    sdk.push(a.rate), raw.push(b.rate), ratio.push(a.rate / b.rate);
    sdkCpuUs.push(a.cpuUs), rawCpuUs.push(b.cpuUs), cpuRatio.push(a.cpuUs / b.cpuUs);
  }
  result[limit] = { sdk, raw, ratio, sdkCpuUs, rawCpuUs, cpuRatio };
}
// The sandbox's own ceiling at the largest page: fetch without parsing, alone.
const top = Math.max(...limits.map(Number));
result.ceiling = [];
for (let i = 0; i < Number(pairs); i++) result.ceiling.push((await timed(() => viaFetch(top, false))).rate);
process.stdout.write(`${JSON.stringify({ ...result, sink })}\n`);
