/**
 * Text that came from a server (an error message, an index name, a profile field) must not drive the terminal
 * that shows it: an ESC sequence can recolour or rewrite the screen, set the window title or, with OSC 52, the
 * clipboard; a bare \r can overwrite the start of a line; bidirectional overrides can show `idx-1` for another id.
 * These functions make such characters visible instead. They are for what is shown to a person: data written to
 * a file or a pipe is never passed through them, so it stays byte-exact.
 */

// C0 controls (tab, newline and carriage return included), DEL, C1 controls (U+0080–U+009F: U+009B is CSI,
// U+009D is OSC on terminals that honour 8-bit controls), and the bidirectional embeddings, overrides and
// isolates (U+202A–U+202E, U+2066–U+2069).
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// In JSON.stringify output C0 controls only occur as structural newlines (indentation); inside strings they are
// already escaped. DEL, C1 and the bidi controls are not.
const jsonControls = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const named: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const hex = (char: string, width: number) => char.charCodeAt(0).toString(16).padStart(width, "0");
/** One control character as the escape a person can read: `\\t`, `\\x1b`, `\\u202e`. */
const visible = (char: string) => named[char] ?? (char.charCodeAt(0) < 0x100 ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`);

/**
 * One line of plain text safe to print on a terminal: every control character is written as an escape
 * (`\x1b`, `\r`, `\n`, `\x9b`, `\u202e`), the rest is kept, non-ASCII letters included. Backslashes are kept as
 * they are, so `\x1b` in the output is either an escaped ESC or those four characters sent by the server.
 */
export function terminalText(text: string): string {
  return text.replace(controls, visible);
}

/**
 * The output of `JSON.stringify` made safe for a terminal: the controls it leaves raw are written as `\uXXXX`
 * escapes. They can only occur inside strings, so the result is valid JSON and parses to the same value.
 */
export function terminalJson(json: string): string {
  return json.replace(jsonControls, (char) => `\\u${hex(char, 4)}`);
}

// Every control above except the newline that ends a record.
const recordControls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Export records (NDJSON, JSON or CSV lines) shown on a terminal: controls escaped as in `terminalText`, line
 * ends kept so the records still read as lines. Only for a terminal; a pipe or a file gets the bytes as they are.
 */
export function terminalRecords(text: string): string {
  return text.replace(recordControls, visible);
}
