// The sandbox's public types as a consumer writes against them (type-checked, not run: run.mjs starts the sandbox).
import { attributeNames, describeSandbox, faultKinds, filterFields, startSandbox, type FaultKind, type Sandbox, type SandboxOptions } from "amperity-profiles/sandbox";

export async function faultySandbox(kind: FaultKind): Promise<{ sandbox: Sandbox; line: string; columns: readonly string[] }> {
  const options: SandboxOptions = { profiles: 25, indexes: 2, faultRate: faultKinds.includes(kind) ? 0.1 : 0, seed: "ecosystem" };
  const sandbox = await startSandbox(options);
  const columns: readonly string[] = [...attributeNames, ...filterFields];
  return { sandbox, line: describeSandbox(sandbox), columns };
}
