#!/usr/bin/env node
// Builds the published reference, docs/index.html, with `redocly build-docs` from the bundled spec
// (generated/openapi.json: the `profiles` entry of redocly.yaml, bundled by `npm run generate`) plus what a reader
// needs beside it: the inconsistency register, servers and regions, authentication, and a curl and a
// TypeScript example per operation. The page must work offline, so the Redoc bundle is inlined and the one
// asset Redoc still loads from a CDN (the attribution logo) is replaced by an inline image.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { addCodeSamples } from "./code-samples.mjs";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "docs", "index.html");

// The client's `region` option is each server's `x-region`.
function serversSection(spec) {
  return [
    "## Servers and regions",
    "",
    "| client `region` | base URL | notes |",
    "| --- | --- | --- |",
    ...spec.servers.map((s) => `| \`${s["x-region"]}\` | \`${s.url}\` | ${s.description.replace(/\s+/g, " ")} |`),
    "",
    "Pass `baseUrl` instead of `region` to reach any other host, such as the local sandbox.",
  ].join("\n");
}

/** The token schemes, then the headers every request sends beside the token (`apiKey` schemes: DOC-31, DOC-32). */
function authSection(spec) {
  const entries = Object.entries(spec.components.securitySchemes);
  const text = (s) => s.description.replace(/\s+/g, " ").trim();
  const tokens = entries
    .filter(([, s]) => s.type !== "apiKey")
    .map(([name, s]) => `- \`${name}\`: \`Authorization: Bearer <${s.bearerFormat ?? "token"}>\`. ${text(s)}`);
  const headers = entries.filter(([, s]) => s.type === "apiKey").map(([name, s]) => `- \`${s.name}\` (\`${name}\`): ${text(s)}`);
  return ["## Authentication", "", ...tokens, "", "Every request also sends these headers:", "", ...headers].join("\n");
}

// Redoc's middle column is narrow: six columns (openapi/README.md's form) squeeze each to a few words. Here the
// register has three, the decision first, in a fixed layout whose long tokens (patterns, URLs) may break, so it
// fits the column; what the documentation says and why it clashes share the last column.
function registerSection(spec) {
  const entries = spec.info["x-doc-inconsistencies"];
  const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // Backticks become code, as in the Markdown form.
  const inline = (text) => escape(String(text).replace(/\s+/g, " ").trim()).replace(/`([^`]+)`/g, "<code>$1</code>");
  const rows = entries.map(
    (e) => `<tr><td>${e.id}</td><td>${inline(e.decision)}</td><td><strong>${inline(e.topic)}</strong> (${inline(e.source)}): ${inline(e.says)} ${inline(e.problem)}</td></tr>`,
  );
  return [
    "## Documentation inconsistencies",
    "",
    `${entries.length} inconsistencies of the documentation, each with the decision this spec takes; the full table, with ` +
      "the test that holds each decision, is in the repository's `openapi/README.md`.",
    "",
    `<table class="doc-register"><colgroup><col style="width:4.5em"><col style="width:55%"><col></colgroup>` +
      `<thead><tr><th>id</th><th>decision</th><th>the inconsistency</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
  ].join("\n");
}

/** A copy of the bundled spec with the reader-facing sections and the code samples added; openapi/ is untouched. */
function decorate(spec) {
  const copy = addCodeSamples(structuredClone(spec));
  copy.info.description = [copy.info.description.trim(), serversSection(copy), authSection(copy), registerSection(copy)].join(
    "\n\n",
  );
  return copy;
}

// Redoc renders "API docs by <logo>" with the logo from cdn.redoc.ly; an inline SVG keeps the credit offline.
const logoUrls = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const inlineLogo =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>',
  );

// Redoc shows an x-codeSamples entry only if its label is one of the languages configured in redocly.yaml
// (openapi.codeSamples.languages); anything else would vanish from the page without a word.
function checkSampleLanguages(html, spec) {
  const options = JSON.parse(html.match(/const __redoc_options = (\{.*\});/)[1]);
  const shown = new Set((options.codeSamples?.languages ?? []).map((l) => (l.label ?? l.lang).toLowerCase()));
  const labels = new Set(
    Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((op) => op["x-codeSamples"] ?? [])).map((s) => s.label),
  );
  const missing = [...labels].filter((label) => !shown.has(label.toLowerCase()));
  if (missing.length > 0) {
    throw new Error(`docs.mjs: add ${missing.join(", ")} to openapi.codeSamples.languages in redocly.yaml`);
  }
}

// Code samples wrap instead of scrolling: a curl URL cut off at the panel's edge reads as a different command.
// Only the display wraps; copying still gives the one-line URL.
const wrapSamples =
  "<style>pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }" +
  " table.doc-register { table-layout: fixed; width: 100%; } table.doc-register td { overflow-wrap: anywhere; vertical-align: top; }</style>";

function makeOffline(html) {
  if (!html.includes("</head>")) throw new Error("docs.mjs: no </head> in Redoc's page");
  let result = html.replace("</head>", `${wrapSamples}</head>`);
  for (const url of logoUrls) {
    // A Redoc upgrade that moves the logo must fail here, not silently make the page reach the network.
    if (!result.includes(url)) throw new Error(`docs.mjs: ${url} not found in the Redoc bundle; check offline use`);
    result = result.replaceAll(url, inlineLogo);
  }
  return result;
}

function buildDocs() {
  const spec = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "amperity-docs-"));
  try {
    const input = join(dir, "openapi.json");
    const html = join(dir, "index.html");
    const decorated = decorate(spec);
    writeFileSync(input, JSON.stringify(decorated));
    // redocly.yaml supplies the Redoc options (an --openapi.* flag would replace them all). REDOCLY_TELEMETRY=off
    // stops the CLI reporting the run and is also what sets the page's own disableTelemetry.
    execFileSync(
      process.execPath,
      [
        require.resolve("@redocly/cli/bin/cli.js"),
        "build-docs",
        input,
        "--config",
        join(root, "redocly.yaml"),
        "--inlineBundle",
        "--output",
        html,
      ],
      { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, REDOCLY_TELEMETRY: "off" } },
    );
    const page = readFileSync(html, "utf8");
    checkSampleLanguages(page, decorated);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, makeOffline(page));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return output;
}

process.stdout.write(`docs: wrote ${buildDocs()}\n`);
