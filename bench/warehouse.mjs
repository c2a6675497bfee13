// Warehouse exports (issue 15), measured in the same run as plain NDJSON, interleaved, on the run's sandbox:
// gzip NDJSON against NDJSON (throughput ratio ≥ 0.8, size ≤ 25 %), and Parquet's throughput beside NDJSON's with
// its peak RSS (≤ 110 MB at 1,000,000 profiles). CSV and Parquet also on an index of mixed types (the sandbox's
// `loyalty` shape: as many attributes as `customers`, with integers, decimals, booleans, nulls, absent keys and
// empty strings) against the string-only index: within 10 % of its throughput. Each output is checked against its
// manifest's profile count.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { measure } from "./lib/measure.mjs";
import { summarize } from "./lib/stats.mjs";

const ratio = (v) => v.toFixed(3);
const perSecond = (v) => Math.round(v).toLocaleString("en-US");
const mb = (v) => v.toFixed(1);

const variants = [
  { key: "ndjson", file: "warehouse.ndjson" },
  { key: "gzip", file: "warehouse.ndjson.gz" },
  { key: "parquet", file: "warehouse.parquet" },
  { key: "csv", file: "warehouse.csv" },
];
const mixedVariants = [
  { key: "csvMixed", file: "warehouse-mixed.csv", mixed: true },
  { key: "parquetMixed", file: "warehouse-mixed.parquet", mixed: true },
];

/**
 * Returns { rows, figures } for run.mjs's table; `profiles` is the sandbox's index size, exported whole.
 * `mixedIndexId`, an index of the `loyalty` shape, adds the mixed-type CSV and Parquet exports.
 */
export async function measureWarehouse({ bin, env, indexId, mixedIndexId, scratch, profiles, repeats, log }) {
  const all = mixedIndexId === undefined ? variants : [...variants, ...mixedVariants];
  const runs = Object.fromEntries(all.map((v) => [v.key, { seconds: [], rssMb: [], bytes: [] }]));
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const v of all) {
      log(`warehouse ${repeat}/${repeats}: ${v.key}, ${profiles.toLocaleString("en-US")} profiles`);
      const out = join(scratch, v.file);
      const index = v.mixed ? mixedIndexId : indexId;
      const m = await measure("node", process.execPath, [bin, "export", index, "--out", out, "--no-progress", "--limit", "1000"], { env });
      const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, "utf8"));
      if (manifest.profiles !== profiles) throw new Error(`${v.file} holds ${manifest.profiles} profiles, expected ${profiles}`);
      runs[v.key].seconds.push(m.seconds);
      runs[v.key].rssMb.push(m.maxRssKb / 1024);
      runs[v.key].bytes.push(manifest.bytes);
      rmSync(out, { force: true });
      rmSync(`${out}.manifest.json`, { force: true });
    }
  }
  const { ndjson, gzip, parquet } = runs;
  const rate = (run) => summarize(run.seconds.map((s) => profiles / s));
  // Throughput ratios: the same profiles, so NDJSON's time over the other's, pair by pair.
  const gzipSpeed = summarize(gzip.seconds.map((s, i) => ndjson.seconds[i] / s));
  const gzipSize = summarize(gzip.bytes.map((b, i) => b / ndjson.bytes[i]));
  const parquetSpeed = summarize(parquet.seconds.map((s, i) => ndjson.seconds[i] / s));
  const parquetRss = summarize(parquet.rssMb);
  const n = profiles.toLocaleString("en-US");
  const figures = {
    warehouse: {
      profiles,
      ndjson: { rate: rate(ndjson), rssMb: summarize(ndjson.rssMb), bytes: summarize(ndjson.bytes) },
      gzip: { rate: rate(gzip), rssMb: summarize(gzip.rssMb), bytes: summarize(gzip.bytes), throughputRatio: gzipSpeed, sizeRatio: gzipSize },
      parquet: { rate: rate(parquet), rssMb: parquetRss, bytes: summarize(parquet.bytes), throughputRatio: parquetSpeed },
    },
  };
  const rows = [
    { name: `warehouse: export ndjson ${n}: profiles/s`, s: rate(ndjson), format: perSecond },
    { name: `warehouse: export ndjson.gz ${n}: profiles/s`, s: rate(gzip), format: perSecond },
    { name: `**gzip NDJSON / NDJSON throughput, ${n}**`, s: gzipSpeed, format: ratio, target: "≥ 0.8", met: gzipSpeed.median >= 0.8 },
    { name: `**gzip NDJSON size / NDJSON size, ${n}**`, s: gzipSize, format: ratio, target: "≤ 0.25", met: gzipSize.median <= 0.25 },
    { name: `warehouse: export parquet ${n}: profiles/s`, s: rate(parquet), format: perSecond },
    { name: `Parquet / NDJSON throughput, ${n}`, s: parquetSpeed, format: ratio },
    { name: `Parquet size / NDJSON size, ${n}`, s: summarize(parquet.bytes.map((b, i) => b / ndjson.bytes[i])), format: ratio },
    { name: `warehouse: export ndjson ${n}: peak RSS MB`, s: summarize(ndjson.rssMb), format: mb },
    // The memory target is set at 1,000,000 profiles; a quick run reports its figure without a verdict.
    profiles >= 1_000_000
      ? { name: `**export parquet ${n}: peak RSS MB**`, s: parquetRss, format: mb, target: "≤ 110", met: parquetRss.median <= 110 }
      : { name: `export parquet ${n}: peak RSS MB`, s: parquetRss, format: mb },
  ];
  if (mixedIndexId !== undefined) {
    const { csv, csvMixed, parquetMixed } = runs;
    const mixed = {};
    for (const [format, plain, typed] of [["csv", csv, csvMixed], ["parquet", parquet, parquetMixed]]) {
      // Throughput ratio: the same number of profiles, so the string-only export's time over the mixed one's.
      const speed = summarize(typed.seconds.map((s, i) => plain.seconds[i] / s));
      mixed[format] = { rate: rate(typed), rssMb: summarize(typed.rssMb), bytes: summarize(typed.bytes), throughputRatio: speed };
      rows.push({ name: `warehouse: export ${format}, mixed types (loyalty) ${n}: profiles/s`, s: rate(typed), format: perSecond });
      rows.push({ name: `warehouse: export ${format}, strings (customers) ${n}: profiles/s`, s: rate(plain), format: perSecond });
      rows.push({ name: `**${format} mixed types / strings throughput, ${n}**`, s: speed, format: ratio, target: "≥ 0.9", met: speed.median >= 0.9 });
      rows.push({ name: `${format} mixed types / strings output size, ${n}`, s: summarize(typed.bytes.map((b, i) => b / plain.bytes[i])), format: ratio });
    }
    figures.warehouse.csv = { rate: rate(csv), rssMb: summarize(csv.rssMb), bytes: summarize(csv.bytes) };
    figures.warehouse.mixed = mixed;
  }
  return { rows, figures };
}
