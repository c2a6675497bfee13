// Starts bench/sandbox-child.mjs and reads its ready line.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const child = fileURLToPath(new URL("../sandbox-child.mjs", import.meta.url));

/** { url, tenant, token, indexes, pid, close() } of a sandbox running in a child process. */
export async function startSandboxProcess(root, profiles, options = {}) {
  const proc = spawn(process.execPath, [child, root, String(profiles), JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout });
  const [line] = await Promise.race([
    once(lines, "line"),
    once(proc, "exit").then(([code]) => Promise.reject(new Error(`the sandbox exited with ${code} before it was ready`))),
  ]);
  lines.close();
  const ready = JSON.parse(line);
  return {
    ...ready,
    pid: proc.pid,
    async close() {
      if (proc.exitCode !== null) return;
      const exited = once(proc, "exit");
      proc.stdin.end();
      await exited;
    },
  };
}
