// A proxy in front of the bench's sandbox that serves profile lists in a chosen member order: "documented" moves
// `total` and `next_token` before `data` ({"total": …, "next_token": …, "data": [ … ]}, the order of the seed's
// example and the vendor's spec), "data-first" passes the sandbox's order through. Both orders cross the same proxy,
// so their figures compare. With a rate (MB/s), a body is written in 16 KiB pieces at that pace, as a link slower
// than the loopback would deliver it. Usage: node bench/reorder-proxy-child.mjs <upstream base URL> <order> [rate];
// prints one JSON line {url} on stdout, then serves until stdin closes.
import { createServer } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

const [upstream, order, rate] = process.argv.slice(2);
const piece = 16 * 1024;
const pieceMs = rate ? piece / (Number(rate) * 1e6) * 1000 : 0;
if (!["documented", "data-first"].includes(order)) throw new Error(`order must be documented or data-first, not ${order}`);
const target = new URL(upstream);
const prefix = Buffer.from('{"data":');

/** `{"data":[…],"next_token":…,"total":…}` as `{"next_token":…,"total":…,"data":[…]}`; any other body unchanged. */
function documented(body) {
  if (!body.subarray(0, prefix.length).equals(prefix)) return body;
  // The members after data are a cursor (no bracket in it) and a number: data's array ends at the last bracket.
  const end = body.lastIndexOf(0x5d) + 1;
  const after = body.subarray(end, body.length - 1);
  if (after.length === 0) return body;
  return Buffer.concat([Buffer.from("{"), after.subarray(1), Buffer.from(',"data":'), body.subarray(prefix.length, end), Buffer.from("}")]);
}

const server = createServer(async (req, res) => {
  try {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !["host", "connection", "accept-encoding"].includes(name)));
    // The proxy's URL has the sandbox's path: a request's path is the sandbox's as it is.
    const response = await fetch(new URL(req.url, target.origin), { headers });
    let body = Buffer.from(await response.arrayBuffer());
    if (order === "documented" && response.ok && req.url.includes("/profiles")) body = documented(body);
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json", "content-length": body.length });
    if (pieceMs > 0) {
      // Paced from the first piece's start, so timer lateness does not add up.
      const started = performance.now();
      for (let at = 0; at + piece < body.length; at += piece) {
        res.write(body.subarray(at, at + piece));
        await sleep(Math.max(0, started + ((at + piece) / piece) * pieceMs - performance.now()));
      }
      res.end(body.subarray(Math.floor((body.length - 1) / piece) * piece));
    } else {
      res.end(body);
    }
  } catch (error) {
    res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ status: 502, message: String(error) }));
  }
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}${target.pathname.replace(/\/$/, "")}` })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop).on("error", stop).resume();
