// The streaming floor of an export: each page's body is read as it arrives, and the next page is requested as soon
// as its cursor has arrived: from the body's first bytes when the cursor comes before the profiles (the documented
// order), else from its last bytes once the body is whole. The rest of the body is drained beside the next request;
// no JSON.parse, no output. Usage: node bench/streaming-floor-child.mjs <indexId> <limit>; connection from the
// environment (AMPERITY_BASE_URL, AMPERITY_TENANT, AMPERITY_TOKEN), never the command line. Prints {pages, profiles}.
const [indexId, limit] = process.argv.slice(2);
const { AMPERITY_BASE_URL: base, AMPERITY_TENANT: tenant, AMPERITY_TOKEN: token } = process.env;
const headers = { authorization: `Bearer ${token}`, "amperity-tenant": tenant, "api-version": "2025-07-31" };
// The sandbox's cursors are plain ASCII: enough for a floor, which only has to be as fast as a client can be.
const headCursor = /^\s*\{\s*(?:"total"\s*:\s*\d+\s*,\s*)?"next_token"\s*:\s*"([^"\\]*)"/;
const headEnd = /"data"\s*:/;
const tailCursor = /"next_token":"([^"]*)"\s*}\s*$/;
const marker = Buffer.from('"index_id"');
let pages = 0;
let profiles = 0;

/** Fetches the page at `next` and, once its cursor is known, the pages after it; resolves when all are read. */
async function walk(next) {
  const query = `limit=${limit}${next ? `&next_token=${encodeURIComponent(next)}` : ""}`;
  const response = await fetch(`${base}/indexes/${encodeURIComponent(indexId)}/profiles?${query}`, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const chunks = [];
  let head = "";
  let following;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    if (following === undefined && head !== undefined) {
      head += Buffer.from(chunk).toString("latin1");
      const match = headCursor.exec(head);
      if (match) following = walk(match[1]);
      // Past the profiles' start, or past any cursor's length: the cursor, if any, is at the end.
      if (following || headEnd.test(head) || head.length > 8192) head = undefined;
    }
  }
  const body = Buffer.concat(chunks);
  pages++;
  // Every profile carries exactly one "index_id" key: a count without parsing.
  for (let at = body.indexOf(marker); at >= 0; at = body.indexOf(marker, at + 1)) profiles++;
  if (following === undefined) {
    const match = tailCursor.exec(body.subarray(-4096).toString("latin1"));
    if (match) following = walk(match[1]);
  }
  await following;
}

await walk(undefined);
process.stdout.write(`${JSON.stringify({ pages, profiles })}\n`);
