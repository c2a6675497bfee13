// The floor of an export: fetch each page back to back, whole, and cut the next cursor out of the text's head (the
// documented order) or tail (data first), with no JSON.parse and no output. Usage: node bench/floor-child.mjs
// <indexId> <limit>; connection from the environment (AMPERITY_BASE_URL, AMPERITY_TENANT, AMPERITY_TOKEN), never the
// command line. Prints {pages, profiles} as JSON.
const [indexId, limit] = process.argv.slice(2);
const { AMPERITY_BASE_URL: base, AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token } = process.env;
const headers = { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" };
const head = /^\{(?:"total":\d+,)?"next_token":"([^"]*)"/;
const tail = /"next_token":"([^"]*)"\s*}\s*$/;
let next;
let pages = 0;
let profiles = 0;
for (;;) {
  const query = `limit=${limit}${next ? `&next_token=${encodeURIComponent(next)}` : ""}`;
  const response = await fetch(`${base}/indexes/${encodeURIComponent(indexId)}/profiles?${query}`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  pages++;
  // Every profile carries exactly one "index_id" key: a count without parsing.
  for (let at = text.indexOf('"index_id"'); at >= 0; at = text.indexOf('"index_id"', at + 1)) profiles++;
  const match = head.exec(text.slice(0, 4096)) ?? tail.exec(text.slice(-4096));
  if (!match) break;
  next = match[1];
}
process.stdout.write(`${JSON.stringify({ pages, profiles })}\n`);
