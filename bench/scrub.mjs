#!/usr/bin/env node
// `node bench/scrub.mjs`: what the secrets edge's scrub() costs on a 64 KiB text with four JWT-sized (~1,000
// character) secrets registered — a text without escapes, a JSON text full of escapes, and one echoing each secret
// in several encodings — and what compiling the secrets costs once after a registry change. Each figure is the
// median of repeated runs (min–max beside it), with a ratio to a baseline measured in the same run: the literal
// split/join of the four secrets that verify used to do, which finds none of the encoded echoes.
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { summarize } from "./lib/stats.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "bench-scrub-"));
const outfile = join(dir, "secrets.mjs");
await build({ entryPoints: [join(repo, "src/edges/secrets/index.ts")], bundle: true, platform: "neutral", format: "esm", outfile, logLevel: "warning" });
const { clearSecrets, registerSecret, scrub } = await import(pathToFileURL(outfile).href);
rmSync(dir, { recursive: true, force: true });

// Deterministic pseudo-random base64url, so every run measures the same texts.
let state = 12345;
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const random = (length) => {
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += alphabet[state >>> 26];
  }
  return text;
};
const jwt = () => `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${random(700)}.${random(342)}`;
const secrets = [jwt(), jwt(), jwt(), jwt()];

const KiB64 = 64 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(KiB64 / unit.length)).slice(0, KiB64);
const prose = fill(`The export of index idx-${random(8)} stopped after 1,000 profiles; the server answered 503 and the request id was req-${random(12)}. `);
const escaped = fill(`{"message":"caf\\u00e9 \\"quoted\\" path\\/to 50%25 off &amp; more","id":"${random(16)}"},`);
const echoes = [
  (s) => s,
  (s) => encodeURIComponent(s),
  (s) => btoa(`Bearer ${s}`),
  (s) => [...s].map((c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
];
const echoing = (() => {
  const parts = secrets.map((s, i) => `error ${i}: ${echoes[i](s)} `);
  const head = parts.join("");
  return head + prose.slice(0, KiB64 - head.length);
})();

const baseline = (text) => secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);

function time(fn, runs) {
  const ms = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return summarize(ms);
}

const format = ({ median, min, max }) => `${median.toFixed(2)} ms (${min.toFixed(2)}–${max.toFixed(2)})`;

// Compiling: the first scrub after a registration builds the index of every secret's forms.
const compile = time(() => {
  clearSecrets();
  for (const secret of secrets) registerSecret(secret, "token");
  scrub("x".repeat(16));
}, 15);

// Warm up both, then measure.
for (let i = 0; i < 20; i++) {
  scrub(prose);
  scrub(escaped);
  scrub(echoing);
  baseline(prose);
}
const check = scrub(echoing);
if (secrets.some((s) => check.includes(s.slice(100, 140))) || (check.match(/\[redacted\]/g) ?? []).length !== 4) {
  throw new Error("the echoing text was not scrubbed as expected");
}

console.log(`scrub() of a 64 KiB text, 4 registered secrets of ${secrets[0].length} characters (Node ${process.version})`);
console.log(`compile after a registry change: ${format(compile)}`);
for (const [name, text] of [["plain text, no escapes", prose], ["JSON full of escapes", escaped], ["echoing the 4 secrets, 4 encodings", echoing]]) {
  const ours = time(() => scrub(text), 41);
  const base = time(() => baseline(text), 41);
  console.log(`${name}: ${format(ours)}; literal split/join baseline ${format(base)}; ratio ${(ours.median / base.median).toFixed(1)}`);
}
