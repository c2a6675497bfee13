// A server whose next_tokens are huge: the loop guard once kept every token it had seen, so 300 pages of 1 MB
// tokens held 912 MB. It now keeps 53-bit digests, and a token longer than maxNextTokenLength is refused.
import { PaginationLoopError, ResponseShapeError } from "../src/index.js";
import { maxNextTokenLength } from "../src/client/envelope.js";
import { loopWindow, tokenDigest } from "../src/client/paginate.js";
import { caught, clientWith, json, page, scripted } from "./client-harness.js";

/** A server that answers page n with the token `token(n)`, for `pages` pages. */
function cursorServer(token: (n: number) => string, pages: number) {
  let n = 0;
  return scripted(() => {
    n++;
    return json(200, page([`p${n}`], n < pages ? token(n) : undefined));
  });
}

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count++;
  return count;
}

describe("the loop guard against huge and repeated tokens", () => {
  it("a 1 MB next_token is a ResponseShapeError, and no request carries it", async () => {
    const s = cursorServer(() => "t".repeat(2 ** 20), 300);
    const error = await caught(drain(clientWith(s).profiles.pages("idx-1")));
    expect(error).toBeInstanceOf(ResponseShapeError);
    expect(error).toMatchObject({ pointer: "/next_token" });
    expect(error.message).toContain(`is ${2 ** 20} characters long; at most ${maxNextTokenLength} are accepted`);
    expect(s.requests).toHaveLength(1);
  });

  it(`a token of exactly ${maxNextTokenLength} characters is followed`, async () => {
    const s = cursorServer((n) => `${n}`.padEnd(maxNextTokenLength, "x"), 3);
    expect(await drain(clientWith(s).profiles.items("idx-1"))).toBe(3);
    expect(new URL(s.requests[1]!.url).searchParams.get("next_token")).toHaveLength(maxNextTokenLength);
  });

  it("a repeated long token is still caught, and the error names it", async () => {
    const long = "L".repeat(maxNextTokenLength);
    const s = cursorServer((n) => (n < 5 ? `${n}`.padEnd(maxNextTokenLength, "y") : long), 100);
    const error = await caught(drain(clientWith(s).profiles.pages("idx-1")));
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error.nextToken).toBe(long);
    expect(s.requests).toHaveLength(6);
  });

  it("a loop back to the resume token is caught", async () => {
    const s = scripted(json(200, page(["a"], "resume-here")));
    const error = await caught(drain(clientWith(s).profiles.pages("idx-1", { next_token: "resume-here" })));
    expect(error).toBeInstanceOf(PaginationLoopError);
  });

  it(`tokens that differ only slightly have different digests over ${loopWindow * 10} tokens`, () => {
    const digests = new Set<number>();
    const base = "eyJvZmZzZXQiOjB9".padEnd(64, "A");
    for (let i = 0; i < loopWindow * 10; i++) digests.add(tokenDigest(`${base}${i}`));
    expect(digests.size).toBe(loopWindow * 10);
    expect(tokenDigest(base)).toBe(tokenDigest(`${base}`));
    expect(Number.isSafeInteger(tokenDigest(base))).toBe(true);
  });
});
