export { startSandbox, type Sandbox } from "./server.js";
export { describeSandbox } from "./describe.js";
export type { SandboxOptions } from "./options.js";
export { attributeNames, filterFields } from "./attributes.js";
export { faultKinds, type FaultKind } from "./faults.js";
