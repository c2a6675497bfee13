#!/usr/bin/env node
// `npm run docs:screenshot`: rebuilds docs/reference/ and refreshes the committed docs/screenshot.png (the picture
// of `List profiles` in docs/architecture.md) in the same headless Chromium the docs test uses. The test suite never
// writes it, so a passing run leaves a checkout clean.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { chromiumArgs, chromiumPath } from "./browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "docs", "screenshot.png");

execFileSync(process.execPath, [join(root, "scripts", "docs.mjs")], { cwd: root, stdio: "inherit" });
const browser = await chromium.launch({ executablePath: await chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // Offline like the test: only the page's own file is loaded.
  await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort()));
  await page.goto(`${pathToFileURL(join(root, "docs", "reference", "index.html")).href}#/profiles/listprofiles`);
  const field = page.locator('[id="profiles/listprofiles/t=response&c=200&path=total"] .schema-name');
  await field.getByText("total", { exact: true }).waitFor({ state: "visible", timeout: 30_000 });
  await page.locator('[data-section-id="/profiles/listprofiles"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: output });
} finally {
  await browser.close();
}
process.stdout.write(`docs: wrote ${output} (${statSync(output).size.toLocaleString("en-US")} bytes)\n`);
