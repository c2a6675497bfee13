// The streaming floor of an export: each page's request leaves as soon as the previous page's cursor has arrived
// (bench/lib/cursor-scanner.mjs reads the body's bytes as they come until next_token's value is complete), and the
// rest of that body is drained beside the next request, unread. With the cursor before the profiles (the documented
// order) the requests overlap the bodies; with the cursor last it is the fetch-only floor without the text decoding.
// Usage: node bench/streaming-floor-child.mjs <indexId> <limit>; connection from the environment (AMPERITY_BASE_URL,
// AMPERITY_TENANT, AMPERITY_TOKEN), never the command line. Prints {pages, bytes} as JSON.
import { createCursorScanner } from "./lib/cursor-scanner.mjs";

const [indexId, limit] = process.argv.slice(2);
const { AMPERITY_BASE_URL: base, AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token } = process.env;
const headers = { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" };
let pages = 0;
let bytes = 0;
const draining = [];

async function drain(reader) {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    bytes += value.length;
  }
}

let next;
for (;;) {
  const query = `limit=${limit}${next ? `&next_token=${encodeURIComponent(next)}` : ""}`;
  const response = await fetch(`${base}/indexes/${encodeURIComponent(indexId)}/profiles?${query}`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  pages++;
  const reader = response.body.getReader();
  const scanner = createCursorScanner();
  let found;
  while (!found) {
    const { done, value } = await reader.read();
    if (done) {
      found = scanner.end();
      break;
    }
    bytes += value.length;
    found = scanner.push(value);
  }
  draining.push(drain(reader));
  if (found.token === null) break;
  next = found.token;
}
await Promise.all(draining);
process.stdout.write(`${JSON.stringify({ pages, bytes })}\n`);
