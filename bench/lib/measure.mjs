// Runs a child process and measures its wall time and peak RSS.
//
// Peak RSS comes from GNU time (`/usr/bin/time -v`), which reads the child's rusage from wait4(): the kernel's
// high-water mark of the child itself, not of a wrapper. Without GNU time, the child reports its own
// high-water mark at exit (Node: process.resourceUsage().maxRSS through a preloaded module; Python:
// resource.getrusage(RUSAGE_SELF) through a wrapper). Both are in kB and measure the same thing.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const gnuTime = "/usr/bin/time";
const nodeHook = fileURLToPath(new URL("./maxrss-hook.mjs", import.meta.url));
const pythonWrapper =
  "import os,resource,runpy,sys;sys.argv=sys.argv[1:];runpy.run_path(sys.argv[0],run_name='__main__');" +
  "open(os.environ['BENCH_MAXRSS_FILE'],'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))";

export const rssMethod = existsSync(gnuTime) ? "GNU time -v (wait4 rusage of the child)" : "the child's own maxRSS at exit";

/**
 * Runs `command args` (kind "node" or "python": how to measure without GNU time) with `env`.
 * Resolves to { seconds, maxRssKb, stderr }; rejects when the child fails.
 */
export async function measure(kind, command, args, { env = process.env, cwd } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "amperity-rss-"));
  const report = join(scratch, "rss");
  let argv;
  if (existsSync(gnuTime)) argv = [gnuTime, "-v", "-o", report, command, ...args];
  else if (kind === "node") argv = [command, "--import", nodeHook, ...args];
  else argv = [command, "-c", pythonWrapper, ...args];
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { env: { ...env, BENCH_MAXRSS_FILE: report }, cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text) => (stderr = (stderr + text).slice(-4000)));
  const code = await new Promise((resolve, reject) => child.on("error", reject).on("close", resolve));
  const seconds = (performance.now() - started) / 1000;
  try {
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}: ${stderr.trim()}`);
    const text = readFileSync(report, "utf8");
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text) ?? /^(\d+)$/.exec(text.trim());
    if (!match) throw new Error(`no peak RSS in ${JSON.stringify(text.slice(0, 200))}`);
    return { seconds, maxRssKb: Number(match[1]), stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
