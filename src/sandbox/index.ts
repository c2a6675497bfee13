export { startSandbox, type Sandbox } from "./server.js";
export { describeSandbox } from "./describe.js";
export type { SandboxOptions } from "./options.js";
export { attributeNames, filterFields } from "./attributes.js";
export { faultKinds, type FaultKind } from "./faults.js";
export { keyOrders, type KeyOrder } from "./key-order.js";
export { builtinShapeNames } from "./builtin-shapes.js";
export { checkShapes, type ShapeOption } from "./shapes.js";
export type { AttributeShape, AttributeKind, ProfileShapeSpec } from "./shape.js";
