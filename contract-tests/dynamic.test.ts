// Dynamic contract run: Prism generates bodies from the schemas (`mock -d`) instead of serving the examples, so the
// strict client meets shapes nobody wrote by hand. One Prism process; each request picks its own seed with
// `Prefer: seed=S` (Prism reseeds its generator per request), so any failure is reproduced by its seed alone.
import { ApiError, RateLimitError, ResponseValidationError } from "../src/index.js";
import { calls, strictClient } from "./support/client.js";
import { checkResponse } from "./support/conformance.js";
import { startPrism, type PrismServer } from "./support/prism.js";
import { declaredStatuses, operations, type OperationId } from "./support/spec.js";

/**
 * Per operation: seeds are drawn in order until this many generated 200s were spec-valid (json-schema-faker, which
 * Prism uses, ignores `maxProperties` on `attributes`, so many profile bodies are invalid and must be refused).
 */
const validTarget = 100;
const maxSeeds = 600;
/** Seeds per declared error status. */
const errorSeeds = 4;
const concurrency = 8;

interface Tally {
  valid: number;
  invalid: number;
  errors: number;
}

let prism: PrismServer;
const tallies = new Map<OperationId, Tally>();

beforeAll(async () => {
  prism = await startPrism({ kind: "dynamic", seed: 1 });
}, 60_000);

afterAll(async () => {
  await prism?.close();
  const lines = [...tallies].map(
    ([op, t]) => `${op}: ${t.valid + t.invalid + t.errors} (${t.valid} valid 200 accepted, ${t.invalid} invalid 200 rejected, ${t.errors} errors mapped)`,
  );
  const total = [...tallies.values()].reduce((n, t) => n + t.valid + t.invalid + t.errors, 0);
  console.log(`dynamic Prism responses checked: ${total}\n  ${lines.join("\n  ")}`);
});

function tallyOf(op: OperationId): Tally {
  const tally = tallies.get(op) ?? { valid: 0, invalid: 0, errors: 0 };
  tallies.set(op, tally);
  return tally;
}

/** One generated response through the strict client; returns what went wrong, or undefined. */
async function check(op: OperationId, status: number, seed: number, tally: Tally): Promise<string | undefined> {
  const prefer = status === 200 ? `seed=${seed}` : `code=${status}, seed=${seed}`;
  const { client, rec } = strictClient(prism.url, { headers: { prefer } });
  let result: { value: unknown } | { error: unknown };
  try {
    result = { value: await calls[op](client) };
  } catch (error) {
    result = { error };
  }
  const exchange = rec.exchanges[0];
  const where = `${op} Prefer: ${prefer}`;
  if (exchange === undefined || rec.exchanges.length !== 1) return `${where}: expected exactly one request`;
  if (exchange.status !== status) return `${where}: Prism answered ${exchange.status}`;
  const body: unknown = JSON.parse(exchange.body);

  if (status === 200) {
    const specValid = checkResponse({ ...exchange, path: exchange.url.pathname }).length === 0;
    if (specValid) {
      tally.valid++;
      if ("error" in result) return `${where}: a spec-valid 200 was refused: ${String(result.error)}\n${exchange.body}`;
      return JSON.stringify(result.value) === JSON.stringify(body) ? undefined : `${where}: the body changed on the way`;
    }
    // Prism's generator can break a schema (e.g. `maxProperties`); strict mode must then refuse the body.
    tally.invalid++;
    if ("error" in result && result.error instanceof ResponseValidationError) return undefined;
    return `${where}: a spec-invalid 200 was not refused: ${"error" in result ? String(result.error) : "accepted"}`;
  }

  tally.errors++;
  if (!("error" in result)) return `${where}: no error thrown`;
  const error = result.error;
  if (!(error instanceof ApiError)) return `${where}: ${String(error)} is not an ApiError`;
  if (error.status !== status) return `${where}: status ${error.status}`;
  if (error instanceof RateLimitError !== (status === 429)) return `${where}: ${error.name} for ${status}`;
  if (JSON.stringify(error.body) !== JSON.stringify(body)) return `${where}: error.body differs from the response body`;
  return undefined;
}

test("the same Prefer seed reproduces the same generated response", async () => {
  const { client } = strictClient(prism.url, { headers: { prefer: "seed=42" } });
  const other = strictClient(prism.url, { headers: { prefer: "seed=43" } }).client;
  const first = await client.indexes.list();
  expect(await client.indexes.list()).toEqual(first);
  expect(await other.indexes.list()).not.toEqual(first);
});

describe.each(operations.map((o) => o.operationId))("%s, dynamic responses", (op) => {
  test(`positive_data_acceptance: ${validTarget} spec-valid generated 200s accepted, spec-invalid ones refused (response_schema_conformance)`, async () => {
    const tally = tallyOf(op);
    const failures: string[] = [];
    let seed = 0;
    while (tally.valid < validTarget && seed < maxSeeds) {
      const batch = Array.from({ length: concurrency }, () => ++seed);
      const results = await Promise.all(batch.map((s) => check(op, 200, s, tally)));
      failures.push(...results.filter((r): r is string => r !== undefined));
    }
    expect(failures).toEqual([]);
    expect(tally.valid).toBeGreaterThanOrEqual(validTarget);
  }, 60_000);

  test(`every declared error status (${errorSeeds} seeds each) maps to ApiError / RateLimitError`, async () => {
    const tally = tallyOf(op);
    const cases = declaredStatuses(op)
      .filter((s) => s >= 400)
      .flatMap((status) => Array.from({ length: errorSeeds }, (_, i) => ({ status, seed: i + 1 })));
    const results = await Promise.all(cases.map(({ status, seed }) => check(op, status, seed, tally)));
    expect(results.filter((r) => r !== undefined)).toEqual([]);
    expect(tally.errors).toBe(cases.length);
  }, 60_000);
});
