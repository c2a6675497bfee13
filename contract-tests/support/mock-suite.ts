// What the static-mock suites (mock-statuses.test.ts, mock-examples.test.ts) share: recorded clients and raw
// senders against their Prism, the operations and their declared error statuses, and the 5xx check.
import type { AmperityClient } from "../../src/index.js";
import { strictClient } from "./client.js";
import type { PrismServer } from "./prism.js";
import { recorder, type Exchange, type Recorder } from "./recorder.js";
import { declaredStatuses, operations, type OperationId } from "./spec.js";

export const errorStatuses = (op: OperationId) => declaredStatuses(op).filter((s) => s >= 400);
export const ids = operations.map((o) => o.operationId);

export interface MockClients {
  /** Every recorder of the file, so its last check can look at every response the suite received. */
  recorders: Recorder[];
  strict(options?: Parameters<typeof strictClient>[1]): { client: AmperityClient; rec: Recorder };
  raw(): Recorder;
}

export function mockClients(prism: PrismServer): MockClients {
  const recorders: Recorder[] = [];
  return {
    recorders,
    strict(options = {}) {
      const made = strictClient(prism.url, options);
      recorders.push(made.rec);
      return made;
    },
    raw() {
      const rec = recorder();
      recorders.push(rec);
      return rec;
    },
  };
}

/** The 5xx answers Prism was not asked for (`Prefer: code=5xx`), one line each. */
export function unaskedServerErrors(exchanges: Exchange[]): string[] {
  const unexpected = exchanges.filter((e) => e.status >= 500 && !/code=5\d\d/.test(e.requestHeaders.get("prefer") ?? ""));
  return unexpected.map((e) => `${e.method} ${e.url} → ${e.status}`);
}

// Awaits a promise that must reject and returns what it rejected with: the unit tests' helper, not a second copy.
export { caught as rejection } from "../../test/client-harness.js";
