// Unknown option names are refused, like unknown query keys: a misspelt `timeout` would otherwise be ignored and
// leave the default in force without a word.
import { ConfigError } from "./errors.js";
import type { AmperityClientOptions, ClientOverrides } from "./options.js";

type AllOptionNames = keyof AmperityClientOptions | "token" | "clientId" | "clientSecret" | "tokenUrl";

// `satisfies` keeps this list and the option types in step: a new option missing here fails to compile.
const clientOptionNames = Object.keys({
  tenant: 1, region: 1, baseUrl: 1, apiVersion: 1, retry: 1, timeoutMs: 1, maxRequestsPerSecond: 1, budget: 1, validateResponses: 1,
  maxResponseBytes: 1, headers: 1, fetch: 1, onRetry: 1, userAgent: 1, onDeprecation: 1, logger: 1, logLevel: 1, hooks: 1,
  token: 1, clientId: 1, clientSecret: 1, tokenUrl: 1,
} satisfies Record<AllOptionNames, 1>);

const overrideNames = Object.keys({
  retry: 1, timeoutMs: 1, headers: 1, validateResponses: 1, maxResponseBytes: 1, onRetry: 1, userAgent: 1, onDeprecation: 1,
  logger: 1, logLevel: 1, hooks: 1,
} satisfies Record<keyof ClientOverrides, 1>);

/** Refuses any own string key of `options` that is not an option of createAmperityClient. */
export function checkOptionNames(options: object): void {
  for (const name of Object.keys(options)) {
    if (!clientOptionNames.includes(name)) throw unknown(name, clientOptionNames, "createAmperityClient");
  }
}

/** Refuses any key withOptions cannot change, saying why when it is an option of createAmperityClient. */
export function checkOverrideNames(overrides: object): void {
  for (const name of Object.keys(overrides)) {
    if (overrideNames.includes(name)) continue;
    if (name === "maxRequestsPerSecond" || name === "budget") {
      throw new ConfigError(`withOptions cannot change ${name}: a derived client shares its parent's request budget and rate; create another client for another`);
    }
    if (clientOptionNames.includes(name)) {
      throw new ConfigError(`withOptions cannot change ${name}: a derived client keeps its parent's tenant, host and credentials; create another client for others`);
    }
    throw unknown(name, overrideNames, "withOptions");
  }
}

function unknown(name: string, known: string[], where: string): ConfigError {
  const near = nearest(name, known);
  return new ConfigError(`unknown option ${JSON.stringify(name)} of ${where}${near ? `; did you mean ${near}?` : ""}`);
}

/** The known name a near miss was meant to be: the same but for case, a prefix of it (`timeout`), or 2 edits away. */
function nearest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  if (lower.length < 3) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const distance = other === lower ? 0 : other.startsWith(lower) || lower.startsWith(other) ? 1 : editDistance(lower, other);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
