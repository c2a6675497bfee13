// The published reference in a real browser: docs/reference/ is built by `npm run docs`, its pages opened from disk
// in headless Chromium with every non-file request aborted and recorded, and read the way a reader sees them.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.js";
import * as validators from "../../generated/validators.js";
import { runCurlCommand } from "./support/curl.js";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
const html = join(root, "docs", "reference", "index.html");
const registerHtml = join(root, "docs", "reference", "inconsistencies.html");
// Tests never write tracked files: the committed docs/screenshot.png is refreshed by `npm run docs:screenshot`.
const scratch = mkdtempSync(join(tmpdir(), "amperity-docs-test-"));
const screenshot = join(scratch, "screenshot.png");
const spec = JSON.parse(readFileSync(join(root, "generated", "openapi.json"), "utf8"));

const operations = [
  { tag: "Profiles", summary: "List profiles", route: "#/profiles/listprofiles", call: "amperity.profiles.list(" },
  { tag: "Profiles", summary: "Get a profile", route: "#/profiles/getprofile", call: "amperity.profiles.get(" },
  { tag: "Indexes", summary: "List indexes", route: "#/indexes/listindexes", call: "amperity.indexes.list(" },
  { tag: "Indexes", summary: "Get an index", route: "#/indexes/getindex", call: "amperity.indexes.get(" },
];

let browser: Browser;
let page: Page;
const attempted: string[] = [];

/** A page at 1,400 px that may load its own files only; anything else is aborted and recorded. */
async function offlinePage(): Promise<Page> {
  const opened = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await opened.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    attempted.push(url);
    return route.abort();
  });
  return opened;
}

const content = () => page.locator("#api-content");
const sidebar = () => page.locator(".menu-content");
const samplesOf = (route: string) => page.locator(`[data-section-id="/${route.slice(2)}"] .panel-request-samples`);
const curlOf = (route: string) => samplesOf(route).getByTestId("source-code").filter({ hasText: /^curl / });

/** Switches the example language; Redoc applies the choice to every operation. */
async function chooseLanguage(route: string, from: string, to: string): Promise<void> {
  await samplesOf(route).getByRole("button", { name: from }).click();
  await page.getByRole("menuitem", { name: to }).click();
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
// Redoc's headings start with a "link to …" anchor, so they are matched by their text, not their accessible name.
const heading = (text: string) => content().getByRole("heading").filter({ hasText: exactly(text) });

/** Waits until the locator is visible; throws (failing the test) if it does not become so. */
const visible = (locator: Locator) => locator.waitFor({ state: "visible", timeout: 10_000 });

/** Chooses an entry of the sidebar as a reader does, opening its group first, and waits for the heading. */
async function show(entry: string, group?: string, title = entry): Promise<void> {
  const item = sidebar().getByText(entry, { exact: true });
  if (group && !(await item.isVisible())) await sidebar().getByText(group, { exact: true }).click();
  await item.click();
  await visible(heading(title));
}

// Loading the 2.6 MB page and hydrating it takes seconds on a busy machine.
jest.setTimeout(30_000);

beforeAll(async () => {
  await run(process.execPath, [join(root, "scripts", "docs.mjs")], { cwd: root });
  // The Chromium packaged as a devDependency, or a system one (scripts/browser.mjs says which and why).
  const found = await run(process.execPath, [join(root, "scripts", "browser.mjs")], { cwd: root });
  const { executablePath, args } = JSON.parse(found.stdout) as { executablePath: string; args: string[] };
  browser = await chromium.launch({ executablePath, args });
  page = await offlinePage();
  await page.goto(`file://${html}`);
  // Redoc adds its attribution logo only once hydrated, and that logo used to come from a CDN.
  await page.getByAltText("redocly logo").waitFor({ state: "attached" });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

test("the four operations are listed in the sidebar and each one renders when chosen", async () => {
  for (const { tag, summary, route } of operations) {
    await show(summary, tag);
    // Each operation carries its generated examples (x-codeSamples); the curl one is shown first.
    await visible(curlOf(route));
  }
});

test("each operation also offers a TypeScript example that calls the client", async () => {
  // The pack test typechecks these same samples against the installed package.
  await show("List profiles", "Profiles");
  await chooseLanguage(operations[0]!.route, "curl", "TypeScript");
  try {
    for (const { tag, summary, route, call } of operations) {
      await show(summary, tag);
      await visible(samplesOf(route).getByTestId("source-code").filter({ hasText: call }));
    }
  } finally {
    await show("List profiles", "Profiles");
    await chooseLanguage(operations[0]!.route, "TypeScript", "curl");
  }
});

test("listProfiles shows every parameter and the response envelope", async () => {
  await show("List profiles", "Profiles");
  const operation = page.locator('[data-section-id="/profiles/listprofiles"]');
  for (const name of ["indexId", "limit", "next_token", "with_total", "filter", "api-version", "amperity-tenant"]) {
    await visible(operation.locator(".schema-name").getByText(name, { exact: true }).first());
  }
  for (const field of ["data", "next_token", "total"]) {
    // Redoc gives each property of a response body an id naming the status and the property's path.
    const property = page.locator(`[id="profiles/listprofiles/t=response&c=200&path=${field}"] .schema-name`);
    await visible(property.getByText(field, { exact: true }));
  }
  await page.screenshot({ path: screenshot });
  expect(statSync(screenshot).size).toBeLessThan(300_000);
});

test("the overview shows the servers and regions and lists every register entry with a link to its row", async () => {
  await show("Amperity Profile API", undefined, "Amperity Profile API (2025-07-31)");
  for (const title of ["Servers and regions", "Documentation inconsistencies"]) {
    await visible(heading(title));
  }
  for (const server of spec.servers) {
    await visible(content().locator("table.doc-servers td.url code").getByText(server.url, { exact: true }));
  }
  const register = spec.info["x-doc-inconsistencies"] as Array<{ id: string }>;
  expect(register.length).toBeGreaterThanOrEqual(12);
  for (const { id } of register) {
    await expect(content().getByRole("link", { name: id, exact: true }).getAttribute("href")).resolves.toBe(`inconsistencies.html#${id}`);
  }
});

test("the sidebar has one Authentication entry, and it holds the token, the headers and the token endpoint", async () => {
  // The overview's own Authentication section and the spec's Authentication tag were once two entries of one name.
  await expect(sidebar().getByText("Authentication", { exact: true }).count()).resolves.toBe(1);
  await show("Authentication");
  const section = page.locator('[data-section-id="/authentication"]');
  await visible(section.getByText("Authorization: Bearer <JWT>"));
  for (const header of ["amperity-tenant", "api-version"]) await visible(section.getByText(header, { exact: true }).first());
  await visible(sidebar().getByText("Create an access token", { exact: true }));
});

test("at 1400 px no server URL is broken across lines, in the overview or in the servers panel", async () => {
  await show("Amperity Profile API", undefined, "Amperity Profile API (2025-07-31)");
  const urls = spec.servers.map((server: { url: string }) => server.url);
  // Every visible text node that is a server URL, and the number of lines it is laid out on.
  const shown = await page.evaluate((wanted: string[]) => {
    const found: Array<{ url: string; lines: number }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      if (!wanted.includes(text)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
      if (boxes.length === 0) continue;
      found.push({ url: text, lines: new Set(boxes.map((box) => Math.round(box.top))).size });
    }
    return found;
  }, urls);
  for (const url of urls) expect({ url, shown: shown.filter((entry) => entry.url === url).length >= 2 }).toEqual({ url, shown: true });
  expect(shown.filter((entry) => entry.lines !== 1)).toEqual([]);
});

test("the register has a page of its own: as wide as the window, every column with room for a sentence", async () => {
  const register = await offlinePage();
  try {
    await register.goto(`file://${registerHtml}`);
    const table = register.locator("table.doc-register");
    await visible(table);
    const layout = await table.evaluate((element) => ({
      table: element.getBoundingClientRect().width,
      window: window.innerWidth,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      columns: [...element.querySelectorAll("thead th")].map((th) => ({ name: th.textContent ?? "", width: Math.round(th.getBoundingClientRect().width) })),
    }));
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.table).toBeGreaterThan(0.9 * layout.window);
    expect(layout.columns.map((column) => column.name)).toEqual(["id", "topic and source", "the documentation says", "why it is inconsistent", "decision", "held by"]);
    // The text columns hold a sentence's worth of words a line (Redoc's middle column left one about 90 px).
    for (const column of layout.columns.slice(1, 5)) expect({ ...column, room: column.width > 240 }).toEqual({ ...column, room: true });
    for (const { id, topic } of spec.info["x-doc-inconsistencies"] as Array<{ id: string; topic: string }>) {
      const cells = register.locator(`tr[id="${id}"] td`);
      await expect(cells.first().innerText()).resolves.toBe(id);
      await expect(cells.nth(1).innerText()).resolves.toContain(topic.replace(/\s+/g, " ").trim().replace(/`/g, ""));
    }
    await register.screenshot({ path: join(scratch, "register.png") });
  } finally {
    await register.close();
  }
});

test("a register link of the reference opens that entry's row on the register page", async () => {
  const reader = await offlinePage();
  try {
    await reader.goto(`file://${html}#section/documentation-inconsistencies`);
    await reader.locator("#api-content").getByRole("link", { name: "DOC-13", exact: true }).click();
    await reader.waitForURL(/inconsistencies\.html#DOC-13$/);
    await visible(reader.locator('tr[id="DOC-13"]'));
  } finally {
    await reader.close();
  }
});

test("at 1400 px every code sample is shown whole, nothing cut off", async () => {
  for (const { tag, summary, route } of operations) {
    await show(summary, tag);
    const sample = curlOf(route);
    await visible(sample);
    const overflow = await sample.evaluate((element) => {
      const blocks = [element, ...element.querySelectorAll("*")].filter((node) => node instanceof HTMLElement);
      return blocks.filter((node) => node.scrollWidth > node.clientWidth + 1).map((node) => node.tagName);
    });
    expect({ route, overflow }).toEqual({ route, overflow: [] });
  }
});

describe("DOC-13: the curl example runs as printed", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ profiles: 150 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  /** The listProfiles curl exactly as the reference shows it, pointed at the sandbox. */
  async function shownCurl(): Promise<string> {
    await show("List profiles", "Profiles");
    const sample = await curlOf("#/profiles/listprofiles").innerText();
    const [server] = spec.servers;
    expect(sample).toContain(`'${server.url}/indexes/idx-xyz789/profiles?limit=100&with_total=true'`);
    return sample
      .replace(server.url, sandbox.url)
      .replace("idx-xyz789", sandbox.indexes[0]!)
      .replace("amperity-tenant: acme", `amperity-tenant: ${sandbox.tenant}`);
  }

  /** Runs the command with the token only in the environment, as the example expects; resolves to its stdout. */
  async function runCurl(command: string): Promise<string> {
    return runCurlCommand(command, { ...process.env, AMPERITY_TOKEN: sandbox.token });
  }

  test("DOC-13: the listProfiles curl of the reference returns a valid first page from the sandbox", async () => {
    const command = await shownCurl();
    expect(command).not.toContain(sandbox.token);
    const body = JSON.parse(await runCurl(command));
    expect(validators.listProfiles(body)).toBe(true);
    expect(body.data).toHaveLength(100);
    expect(body.total).toBe(150);
    expect(body.next_token).toEqual(expect.any(String));
  });

  test("DOC-13: the seed's form, the URL broken across lines inside the quotes, does not", async () => {
    const url = `${sandbox.url}/indexes/${sandbox.indexes[0]}/profiles \\\n      ?limit=100 \\\n      &with_total=true`;
    const command = `curl -sS --fail-with-body '${url}' -H "Authorization: Bearer $AMPERITY_TOKEN" -H 'amperity-tenant: ${sandbox.tenant}' -H 'api-version: 2025-07-31'`;
    await expect(runCurl(command)).rejects.toThrow();
  });
});

test("the pages made no request beyond their own files", () => {
  expect(attempted).toEqual([]);
});
