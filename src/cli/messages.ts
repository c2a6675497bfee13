/** Counts in the CLI's messages: thousands separators and the right number ("1 profile", "96,000 profiles"). */
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `n` with separators and `noun`, plural unless n is 1; `plural` for nouns that do not just add "s". */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${integer.format(n)} ${n === 1 ? noun : plural}`;
}
