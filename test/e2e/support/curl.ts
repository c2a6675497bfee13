// Runs a curl command as printed, for the DOC-13 tests of docs.test.ts: with curl where it is installed; elsewhere
// they perform the same words with fetch, so the check does not depend on the machine.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const hasCurl = spawnSync("sh", ["-c", "command -v curl"]).status === 0;

/** Splits a command into words as bash does for the forms the examples use: quotes, $VAR, line continuations. */
function shellWords(command: string, env: Record<string, string | undefined>): string[] {
  const expand = (text: string) => text.replace(/\$(\w+)/g, (_, name: string) => env[name] ?? "");
  const words: string[] = [];
  let word: string | undefined;
  let consumed = 0;
  for (const m of command.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|\\\n|(\s+)|\\(.)|([^'"\s\\]+)/gy)) {
    consumed += m[0].length;
    if (m[3] !== undefined) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (m[0] !== "\\\n") {
      const part = m[1] ?? (m[2] !== undefined ? expand(m[2].replace(/\\(.)/g, "$1")) : m[4] ?? expand(m[5]!));
      word = (word ?? "") + part;
    }
  }
  if (consumed !== command.length) throw new Error(`cannot split ${JSON.stringify(command)}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** Where curl is not installed: performs the curl words with fetch, failing on 4xx/5xx like --fail-with-body. */
async function fetchLikeCurl([program, ...args]: string[]): Promise<string> {
  expect(program).toBe("curl");
  const headers = new Headers();
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-H") {
      const [name, ...value] = args[++i]!.split(":");
      headers.append(name!, value.join(":").trim());
    } else if (!["-sS", "--fail-with-body"].includes(arg)) {
      expect(url).toBeUndefined();
      url = arg;
    }
  }
  const response = await fetch(url!, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
  return text;
}

/** Runs the command with `env` as its whole environment; resolves to its stdout, rejects as curl --fail-with-body does. */
export async function runCurlCommand(command: string, env: Record<string, string | undefined>): Promise<string> {
  if (hasCurl) return (await run("bash", ["-c", command], { env })).stdout;
  return fetchLikeCurl(shellWords(command, env));
}
