#!/usr/bin/env node
// `node bench/encoders.mjs [profiles] [rounds]`: the CSV and Parquet encoders alone, in this process, on pages of
// the sandbox's string-only shape (customers) and its mixed-type shape of as many attributes (loyalty): the same
// pages fetched once from a sandbox, then encoded round after round, the two shapes interleaved. Prints each
// encoder's profiles per CPU second on each shape and the ratio mixed / strings from the same run (target ≥ 0.9),
// so the export's throughput on mixed types is told apart from the sandbox's and the network's.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildStaged } from "./lib/build.mjs";
import { summarize } from "./lib/stats.mjs";

const [profiles = 50_000, rounds = 5] = process.argv.slice(2).map(Number);
const root = buildStaged(fileURLToPath(new URL("..", import.meta.url)));
const load = (path) => import(pathToFileURL(join(root, "dist", "src", path)).href);
try {
  const [{ startSandbox }, { scanPage }, { csvEncoder }, { parquetEncoder }] = await Promise.all([
    load("sandbox/index.js"), load("client/json-scan.js"), load("export/csv.js"), load("export/parquet.js"),
  ]);
  const sandbox = await startSandbox({ profiles, indexes: 2, shapes: ["customers", "loyalty"] });
  const headers = { authorization: `Bearer ${sandbox.token}`, "amperity-tenant": sandbox.tenant, "api-version": "2025-07-31" };
  const pagesOf = async (index) => {
    const pages = [];
    for (let next; ; ) {
      const response = await fetch(`${sandbox.url}/indexes/${index}/profiles?limit=1000${next ? `&next_token=${encodeURIComponent(next)}` : ""}`, { headers });
      const body = new Uint8Array(await response.arrayBuffer());
      const layout = scanPage(body);
      pages.push({ body, spans: layout.items, count: layout.count });
      next = layout.nextToken && JSON.parse(Buffer.from(body.subarray(...layout.nextToken)).toString());
      if (!next) break;
    }
    return pages;
  };
  const shapes = { strings: await pagesOf(sandbox.indexes[0]), mixed: await pagesOf(sandbox.indexes[1]) };
  await sandbox.close();
  const encoders = { csv: () => csvEncoder(), parquet: () => parquetEncoder() };
  const rates = {};
  for (let round = 0; round <= rounds; round++) {
    for (const [format, make] of Object.entries(encoders)) {
      for (const [shape, pages] of Object.entries(shapes)) {
        const encoder = make();
        // CPU time of this process: the encoders are synchronous, and it is steadier than wall time on a shared machine.
        const started = process.cpuUsage();
        for (const page of pages) encoder.page(page);
        encoder.end();
        const used = process.cpuUsage(started);
        const seconds = (used.user + used.system) / 1e6;
        // Round 0 warms the JIT and is not counted.
        if (round > 0) ((rates[format] ??= { strings: [], mixed: [] })[shape]).push(profiles / seconds);
      }
    }
  }
  const fmt = (v) => Math.round(v).toLocaleString("en-US");
  for (const [format, { strings, mixed }] of Object.entries(rates)) {
    const ratio = summarize(mixed.map((rate, i) => rate / strings[i]));
    console.log(`${format}: strings ${fmt(summarize(strings).median)} profiles/s, mixed ${fmt(summarize(mixed).median)} profiles/s, ` +
      `mixed / strings ${ratio.median.toFixed(3)} (${ratio.min.toFixed(3)} – ${ratio.max.toFixed(3)}, ${ratio.runs} rounds; target ≥ 0.9)`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
