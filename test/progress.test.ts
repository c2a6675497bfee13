/** The export's status line and its total: what the progress display shows, and how --all-indexes --with-total gets a percentage. */
import { mkdtemp, readFile, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { createProgress, statusLine } from "../src/cli/progress.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";
import { runCli, sandboxEnv } from "./cli-harness.js";

describe("statusLine", () => {
  it("sizes the bar from the width and the total only, so it keeps its size as the numbers change", () => {
    const early = statusLine(100, 5, 1, 99, 2000);
    const late = statusLine(1900, 12_345, 1, 99, 2000);
    expect(early).toBe(`[=${" ".repeat(29)}] 5% | 100/2,000 profiles | 5/s | ETA 6m20s`);
    expect(late).toBe(`[${"=".repeat(28)}  ] 95% | 1,900/2,000 profiles | 12,345/s | ETA 0s`);
    expect(early.indexOf("]")).toBe(late.indexOf("]"));
  });

  it("wrapped bar: at 60 columns the line fits, with a smaller bar, and without one when the total is too long for it", () => {
    expect(statusLine(1000, 400, 1, 59, 2000)).toBe("[====    ] 50% | 1,000/2,000 profiles | 400/s | ETA 3s");
    expect(statusLine(1000, 400, 1, 59, 2000).length).toBeLessThanOrEqual(59);
    expect(statusLine(5_000_000, 40_000, 1, 59, 10_000_000)).toBe("50% | 5,000,000/10,000,000 profiles | 40,000/s | ETA 2m05s");
  });

  it("without a total: the count, the rate and the time so far", () => {
    expect(statusLine(12_000, 4000, 3, 99)).toBe("12,000 profiles | 4,000/s | 3s");
  });
});

describe("a changed total", () => {
  it("setTotal redraws the status line with the new total and percentage", async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    let clock = 0;
    const progress = await createProgress({ stream, mode: "bar", total: 3600, now: () => clock });
    clock = 1000;
    progress.update(1200);
    clock = 2000;
    progress.setTotal(1200);
    progress.stop();
    expect(text).toContain("33% | 1,200/3,600 profiles");
    expect(text).toContain("100% | 1,200/1,200 profiles");
  });
});

describe("export --all-indexes --with-total", () => {
  let sandbox: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ profiles: 700, indexes: 3 });
    dir = await mkdtemp(join(tmpdir(), "progress-total-"));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("no percentage: the display shows the sum of the indexes' totals, each index counted once, each manifest with its own", async () => {
    const counts = new Map<string, number>();
    const fetch = async (request: Request) => {
      const url = new URL(request.url);
      const index = /\/indexes\/([^/]+)\/profiles$/.exec(url.pathname)?.[1];
      if (index && url.searchParams.get("with_total") === "true") counts.set(index, (counts.get(index) ?? 0) + 1);
      return globalThis.fetch(request);
    };
    const result = await runCli(["export", "--all-indexes", "--out-dir", dir, "--limit", "500", "--with-total"], {
      env: sandboxEnv(sandbox),
      stderrIsTTY: true,
      client: { fetch: fetch as typeof globalThis.fetch },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\] 0% \| 0\/2,100 profiles/);
    expect([...counts.entries()].sort()).toEqual(sandbox.indexes.map((id) => [id, 1]).sort());
    for (const id of sandbox.indexes) {
      const manifest = JSON.parse(await readFile(join(dir, `${id}.ndjson.manifest.json`), "utf8")) as { total_reported: number; count_matches_total: boolean };
      expect(manifest).toMatchObject({ total_reported: 700, count_matches_total: true });
    }
  });

  it("a percentage short of 100: with --resume, the indexes an earlier run finished drop out of the total", async () => {
    // Pages 150 ms apart: the status line is redrawn after each (at most every 100 ms).
    const slow = await startSandbox({ profiles: 700, indexes: 3, latencyMs: 150 });
    const out = await mkdtemp(join(tmpdir(), "progress-total-resume-"));
    try {
      const args = ["export", "--all-indexes", "--out-dir", out, "--limit", "350", "--with-total"];
      expect((await runCli(args, { env: sandboxEnv(slow) })).code).toBe(0);
      const again = slow.indexes[0]!;
      await unlink(join(out, `${again}.ndjson`));
      await unlink(join(out, `${again}.ndjson.manifest.json`));
      const resumed = await runCli([...args, "--resume"], { env: sandboxEnv(slow), stderrIsTTY: true });
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain(`${again}: exported to `);
      expect(resumed.stderr).toMatch(/\] 100% \| 700\/700 profiles/);
      // Only the first status line, drawn before the listing's finished indexes were found, counts all three.
      expect(resumed.stderr).not.toMatch(/[1-9]\d*% \| [\d,]+\/2,100 profiles/);
    } finally {
      await slow.close();
      await rm(out, { recursive: true, force: true });
    }
  }, 30_000);
});
