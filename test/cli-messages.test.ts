/** The CLI's wording: counts with the right number and separators. */
import { countOf } from "../src/cli/messages.js";

describe("countOf (singular/plural and thousands separators)", () => {
  it.each([
    [0, "0 profiles"],
    [1, "1 profile"],
    [2, "2 profiles"],
    [96_000, "96,000 profiles"],
  ])("%d → %s", (n, text) => {
    expect(countOf(n, "profile")).toBe(text);
  });
  it("takes an irregular plural", () => {
    expect(countOf(1, "index", "indexes")).toBe("1 index");
    expect(countOf(3, "index", "indexes")).toBe("3 indexes");
  });
});
