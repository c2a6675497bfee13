/**
 * DuckDB for the warehouse tests, in a child process of its own. Its Node bindings leave a native handle
 * (DuckDBNapiRefReaper, which --detectOpenHandles names) after every instance and connection is closed; loaded in
 * a Jest worker, the full unit + contract run ended with that worker force-exited and Jest's leak warning, which
 * would hide a real leak of ours behind it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";

export type Row = Record<string, unknown>;

export interface DuckDb {
  /** The query's rows as `getRowObjectsJS()` gives them (BIGINT as bigint, DOUBLE as number, NULL as null). */
  rows(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

const child = join(__dirname, "duckdb-child.mjs");

function untagged(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object") {
    if ("$bigint" in value) return BigInt((value as { $bigint: string }).$bigint);
    if ("$number" in value) return Number((value as { $number: string }).$number);
  }
  return value;
}

export async function startDuckDb(): Promise<DuckDb> {
  const proc = spawn(process.execPath, [child], { stdio: ["pipe", "pipe", "inherit"] });
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  const exited = once(proc, "exit");
  void exited.then(([code]) => {
    for (const { reject } of pending.values()) reject(new Error(`the DuckDB process exited (${String(code)}) before it answered`));
    pending.clear();
  });
  createInterface({ input: proc.stdout }).on("line", (line) => {
    const answer = JSON.parse(line, untagged) as { id: number; rows?: Row[]; error?: string };
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.error !== undefined) waiting?.reject(new Error(answer.error));
    else waiting?.resolve(answer.rows!);
  });
  let next = 0;
  return {
    rows(sql) {
      const id = next++;
      return new Promise<Row[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        proc.stdin.write(`${JSON.stringify({ id, sql })}\n`);
      });
    },
    async close() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.stdin.end();
      await exited;
    },
  };
}
