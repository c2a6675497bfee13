export { startSandbox, type Sandbox } from "./server.js";
export { describeSandbox } from "./describe.js";
export type { SandboxOptions } from "./options.js";
export { attributeNames, filterFields } from "./attributes.js";
export { faultKinds, type FaultKind } from "./faults.js";
export { keyOrders, type KeyOrder } from "./key-order.js";
export { builtinShapeNames, checkShapes, type ShapeOption } from "./shape-option.js";
export type { AttributeShape, AttributeKind, ProfileShapeSpec } from "./shape.js";
