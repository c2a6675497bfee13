// The terminal edge: one sanitizer for every byte shown to a person, and the status display built on it.
export { terminalJson, terminalRecords, terminalText } from "./terminal-text.js";
export { createStatusDisplay, fitColumns, type StatusDisplay, type StatusDisplayOptions, type StatusMode, type StatusStream } from "./status-display.js";
export { lineStream } from "./line-stream.js";
