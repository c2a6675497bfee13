/**
 * The Arazzo workflows (openapi/workflows.arazzo.yaml) run with Redocly's respect against a fresh sandbox, and a
 * control run against a proxy that breaks the filter shows the workflows can fail. The token reaches respect
 * through the environment only (the workflows read AMPERITY_TOKEN), never its command line.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { startMutatingProxy } from "./support/mutating-proxy.js";

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ profiles: 5, indexes: 1 });
  dir = await mkdtemp(join(tmpdir(), "workflows-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

interface Respect {
  code: number;
  output: string;
  report: { files: Record<string, { executedWorkflows: Array<{ workflowId: string; status: string; executedSteps: unknown[] }> }> };
}

function respect(url: string, name: string): Promise<Respect> {
  const report = join(dir, `${name}.json`);
  const args = [resolve("node_modules/@redocly/cli/bin/cli.js"), "respect", "openapi/workflows.arazzo.yaml",
    "--server", `profiles=${url}`, "--skip", "pageOn", "--json-output", report];
  const env = { ...process.env, AMPERITY_TENANT: sandbox.tenant, AMPERITY_TOKEN: sandbox.token, NO_COLOR: "1", REDOCLY_TELEMETRY: "off" };
  return new Promise((done) =>
    execFile(process.execPath, args, { env, timeout: 60_000 }, async (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr, report: JSON.parse(await readFile(report, "utf8")) });
    }),
  );
}

const workflows = (r: Respect) =>
  Object.values(r.report.files).flatMap((f) => f.executedWorkflows.map((w) => [w.workflowId, w.status]));

it("pages through an index to its last page and runs a filtered lookup against the sandbox", async () => {
  const urls: string[] = [];
  const proxy = await startMutatingProxy(sandbox.url, { request: (r) => (urls.push(r.url), r) });
  try {
    const run = await respect(proxy.url, "sandbox");
    expect(workflows(run)).toEqual([["pageThroughAnIndex", "success"], ["filteredLookup", "success"]]);
    expect(run.code).toBe(0);
    // Five profiles, two a page: the first page, then two more through the recursive pageOn workflow.
    expect(urls.filter((u) => /\/profiles\?limit=2/.test(u)).map((u) => u.includes("next_token="))).toEqual([false, true, true]);
    expect(run.output).not.toContain(sandbox.token);
  } finally {
    await proxy.close();
  }
}, 60_000);

it("fails the filtered lookup when a filtered page holds a profile that does not match", async () => {
  const proxy = await startMutatingProxy(sandbox.url, {
    response: (res, req) => {
      if (!req.url.includes("filter") || res.status !== 200) return res;
      const body = JSON.parse(res.body) as { data: Array<{ attributes: Record<string, unknown> }> };
      body.data = body.data.map((p) => ({ ...p, attributes: { ...p.attributes, given_name: "Mallory" } }));
      return { ...res, body: JSON.stringify(body) };
    },
  });
  try {
    const run = await respect(proxy.url, "broken");
    expect(workflows(run)).toEqual([["pageThroughAnIndex", "success"], ["filteredLookup", "error"]]);
    expect(run.code).not.toBe(0);
  } finally {
    await proxy.close();
  }
}, 60_000);
