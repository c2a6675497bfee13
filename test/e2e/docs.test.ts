// The published reference in a real browser: docs/index.html is built by `npm run docs`, opened from disk in
// headless Chromium with every non-file request aborted and recorded, and read the way a reader sees it.
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
const html = join(root, "docs", "index.html");
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
  page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    attempted.push(url);
    return route.abort();
  });
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

test("the overview shows the servers and regions, the authentication and the whole inconsistency register", async () => {
  await show("Amperity Profile API", undefined, "Amperity Profile API (2025-07-31)");
  for (const title of ["Servers and regions", "Authentication", "Documentation inconsistencies"]) {
    await visible(heading(title));
  }
  for (const server of spec.servers) {
    await visible(content().getByRole("cell", { name: server.url, exact: true }));
  }
  await visible(content().getByText("Authorization: Bearer <JWT>"));
  const register = spec.info["x-doc-inconsistencies"] as Array<{ id: string }>;
  expect(register.length).toBeGreaterThanOrEqual(12);
  for (const { id } of register) {
    await visible(content().getByRole("cell", { name: id, exact: true }));
  }
});

test("at 1400 px the register fits its column and every code sample is shown whole, nothing cut off", async () => {
  await show("Amperity Profile API", undefined, "Amperity Profile API (2025-07-31)");
  const table = content().locator("table").filter({ hasText: "DOC-01" });
  await visible(table);
  const fit = await table.evaluate((element) => {
    const parent = element.parentElement!;
    const firstColumn = element.querySelector("td")!.getBoundingClientRect().width;
    return { table: element.scrollWidth, room: parent.clientWidth, firstColumn, decision: element.querySelectorAll("td")[1]!.getBoundingClientRect().width };
  });
  expect(fit.table).toBeLessThanOrEqual(fit.room);
  // Readable: the decision column has room for a sentence, not a word per line.
  expect(fit.decision).toBeGreaterThan(220);
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

test("the page made no request beyond its own file", () => {
  expect(attempted).toEqual([]);
});
