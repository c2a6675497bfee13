#!/usr/bin/env node
// Builds the published reference into docs/reference/ (ignored by git; the guides beside it in docs/ are committed):
// index.html with `redocly build-docs` from the bundled spec (generated/openapi.json: the `profiles` entry of
// redocly.yaml, bundled by `npm run generate`) plus what a reader needs beside it: servers and regions, one
// Authentication section, a curl and a TypeScript example per operation, and the inconsistency register on a page
// of its own, inconsistencies.html. The pages must work offline, so the Redoc bundle is inlined and the one asset
// Redoc still loads from a CDN (the attribution logo) is replaced by an inline image.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { addCodeSamples } from "./code-samples.mjs";
import { registerPage, registerSection } from "./docs-register-page.mjs";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputDir = join(root, "docs", "reference");
const registerFile = "inconsistencies.html";

const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// The client's `region` option is each server's `x-region`. An HTML table, so the URL cells can be kept on one line
// (Redoc's Markdown tables break code anywhere, which cut `https://app.amperity.com/api` mid-word).
function serversSection(spec) {
  const rows = spec.servers.map(
    (s) =>
      `<tr><td><code>${escape(s["x-region"])}</code></td><td class="url"><code>${escape(s.url)}</code><br>` +
      `${escape(s.description.replace(/\s+/g, " ").trim())}</td></tr>`,
  );
  return [
    "## Servers and regions",
    "",
    `<table class="doc-servers"><thead><tr><th>client <code>region</code></th><th>base URL</th></tr></thead>` +
      `<tbody>${rows.join("")}</tbody></table>`,
    "",
    "Pass `baseUrl` instead of `region` to reach any other host, such as the local sandbox.",
  ].join("\n");
}

/**
 * The token schemes, then the headers every request sends beside the token (`apiKey` schemes: DOC-31, DOC-32). They
 * go into the description of the spec's Authentication tag, which Redoc already lists in its sidebar, so the page
 * has one Authentication entry holding the token, the headers and the token endpoint.
 */
function authText(spec) {
  const entries = Object.entries(spec.components.securitySchemes);
  const text = (s) => s.description.replace(/\s+/g, " ").trim();
  const tokens = entries
    .filter(([, s]) => s.type !== "apiKey")
    .map(([name, s]) => `- \`${name}\`: \`Authorization: Bearer <${s.bearerFormat ?? "token"}>\`. ${text(s)}`);
  const headers = entries.filter(([, s]) => s.type === "apiKey").map(([name, s]) => `- \`${s.name}\` (\`${name}\`): ${text(s)}`);
  return ["Every request carries a token:", "", ...tokens, "", "and sends these headers beside it:", "", ...headers].join("\n");
}

function addAuthentication(spec) {
  const tag = spec.tags?.find((t) => t.name === "Authentication");
  // A renamed tag must fail the build, not silently drop the section or bring back a second entry.
  if (!tag) throw new Error("docs.mjs: the spec has no Authentication tag to hold the authentication section");
  tag.description = [authText(spec), "", `**The token endpoint.** ${tag.description.trim()}`].join("\n");
}

/** A copy of the bundled spec with the reader-facing sections and the code samples added; openapi/ is untouched. */
function decorate(spec) {
  const copy = addCodeSamples(structuredClone(spec));
  copy.info.description = [copy.info.description.trim(), serversSection(copy), registerSection(copy, registerFile)].join("\n\n");
  addAuthentication(copy);
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
// Server URLs never wrap: a URL broken mid-word reads as two.
const wrapSamples =
  "<style>pre, pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }" +
  " table.doc-servers { width: 100%; border-collapse: collapse; }" +
  " table.doc-servers th, table.doc-servers td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #d8dee4; }" +
  " table.doc-servers code { white-space: nowrap !important; word-break: keep-all !important; overflow-wrap: normal !important; }</style>";

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
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(join(outputDir, "index.html"), makeOffline(page));
    writeFileSync(join(outputDir, registerFile), registerPage(spec, "index.html"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [join(outputDir, "index.html"), join(outputDir, registerFile)];
}

process.stdout.write(`docs: wrote ${buildDocs().join(" and ")}\n`);
