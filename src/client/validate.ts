// Strict mode. The validators are compiled from the bundled spec at build time (generated/validators.js) and
// loaded only when a client turns strict mode on, so the default runtime does not carry Ajv's output.
import { ResponseValidationError } from "./errors.js";

export type Operation = "listProfiles" | "getProfile" | "listIndexes" | "getIndex";

type Validators = typeof import("../../generated/validators.js");

let validators: Promise<Validators> | undefined;

/** Throws ResponseValidationError with the JSON pointer of the first violation. */
export async function validateResponse(operation: Operation, data: unknown): Promise<void> {
  validators ??= import("../../generated/validators.js");
  const validate = (await validators)[operation];
  if (validate(data)) return;
  const first = validate.errors?.[0];
  throw new ResponseValidationError(operation, first?.instancePath ?? "", first?.message ?? "invalid");
}
