// Runs one sandbox in its own process, so that serving pages does not share the measuring process's thread.
// Usage: node bench/sandbox-child.mjs <built root> <profiles> [options as JSON, e.g. {"latencyMs":50,"indexes":4}]. Prints one JSON line {url, tenant, token, indexes}
// on stdout (a pipe read by the bench, never argv), then serves until stdin closes or SIGTERM.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [root, profiles, extra = "{}"] = process.argv.slice(2);
const { startSandbox } = await import(pathToFileURL(join(root, "dist", "src", "sandbox", "index.js")).href);
// No faults, no rate limit, no latency unless asked: the defaults. pageMax 1000 is the largest page the bench asks for.
const sandbox = await startSandbox({ profiles: Number(profiles), pageMax: 1000, ...JSON.parse(extra) });
process.stdout.write(`${JSON.stringify({ url: sandbox.url, tenant: sandbox.tenant, token: sandbox.token, indexes: sandbox.indexes })}\n`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
// The bench holds our stdin open; if the bench dies, the pipe closes and the sandbox goes with it.
process.stdin.on("end", stop).on("error", stop).resume();
