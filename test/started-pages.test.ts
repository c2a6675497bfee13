// startedPages: the export's page iteration with its first request already sent, so the writers load meanwhile.
import { startedPages } from "../src/export/started-pages.js";

function source(values: number[]) {
  const asked: number[] = [];
  let finished = false;
  async function* generate() {
    try {
      for (const value of values) {
        asked.push(value);
        yield value;
      }
    } finally {
      finished = true;
    }
  }
  return { pages: generate(), asked, finished: () => finished };
}

describe("startedPages", () => {
  it("takes the first step at once, before anyone asks, then hands over every value in order", async () => {
    const s = source([1, 2, 3]);
    const pages = startedPages(s.pages);
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.asked).toEqual([1]);
    const seen: number[] = [];
    for await (const value of pages) seen.push(value);
    expect(seen).toEqual([1, 2, 3]);
    expect(s.finished()).toBe(true);
  });

  it("return() before the first value was taken settles that step and closes the source", async () => {
    const s = source([1, 2, 3]);
    const pages = startedPages(s.pages);
    expect(await pages.return!()).toEqual({ done: true, value: undefined });
    expect(s.asked).toEqual([1]);
    expect(s.finished()).toBe(true);
  });

  it("a first step that fails surfaces on the first next(), not as an unhandled rejection", async () => {
    async function* failing(): AsyncGenerator<number> {
      throw new Error("first page refused");
    }
    const pages = startedPages(failing());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(pages.next()).rejects.toThrow("first page refused");
  });
});
