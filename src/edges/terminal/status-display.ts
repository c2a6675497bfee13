/**
 * A status display owns the bottom line of a stream that a person reads. On a terminal the status line is redrawn
 * in place and every note is printed as a whole line above it, where it stays; elsewhere (a pipe, a log file, a
 * CI console) the status is a plain line every few seconds and notes are plain lines. Everything it prints passes
 * the terminal sanitizer.
 *
 * It only ever moves the cursor within its own line (carriage return, erase to the end of the line): no saved or
 * restored cursor positions, which a terminal keeps per screen and which scrolling invalidates (the summary then
 * lands at a stale position near the top). It never hides the cursor either: a process killed by SIGKILL or the
 * OOM killer, or stopped while a second Ctrl-C exits at once, would leave the shell without one.
 */
import { terminalText } from "./terminal-text.js";

/** What the display needs of a stream: a `tty.WriteStream` or any Writable with these. */
export interface StatusStream {
  write(text: string): unknown;
  columns?: number;
  on?(event: "resize", listener: () => void): unknown;
  off?(event: "resize", listener: () => void): unknown;
}

/** `terminal` redraws a status line; `lines` prints it every `lineIntervalMs`; `quiet` shows notes and the summary only. */
export type StatusMode = "terminal" | "lines" | "quiet";

export interface StatusDisplayOptions {
  stream: StatusStream;
  mode: StatusMode;
  /** Least time between two redraws of the status line on a terminal. Default 100 ms. */
  redrawMs?: number;
  /** Least time between two plain status lines (mode `lines`). Default 2000 ms. */
  lineIntervalMs?: number;
  now?: () => number;
}

export interface StatusDisplay {
  /** Characters the status line may take now; callers size a bar with it. */
  readonly width: number;
  /** Prints `line` as one whole line above the status line; it stays there. */
  note(line: string): void;
  /** The new status text; redrawn at most every `redrawMs`, cut to the terminal's width so it never wraps. */
  status(text: string): void;
  /** Clears the status line and prints `summary`, if any, as the last line. Later notes are plain lines. */
  finish(summary?: string): void;
}

const eraseLine = "\r\x1b[K";
// Used when a terminal reports no size (a pseudo-terminal nobody sized reports 0 columns).
const fallbackColumns = 80;

/**
 * `text` cut to at most `width` columns. Below U+1100 a code point takes at most one column; above, at most two
 * (East Asian wide letters, emoji). Counting every one of those as two may cut a little early, never too late.
 */
export function fitColumns(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    used += char.codePointAt(0)! < 0x1100 ? 1 : 2;
    if (used > width) return text.slice(0, end);
    end += char.length;
  }
  return text;
}

export function createStatusDisplay({ stream, mode, redrawMs = 100, lineIntervalMs = 2000, now = Date.now }: StatusDisplayOptions): StatusDisplay {
  const columnsOf = () => (stream.columns !== undefined && stream.columns > 0 ? stream.columns : fallbackColumns);
  // The last column is left free: a line that fills it leaves some terminals in a pending wrap.
  let width = columnsOf() - 1;
  let latest: string | undefined;
  // The status line as it is on the screen (mode terminal), or undefined when none is drawn.
  let drawn: string | undefined;
  let lastDraw = now();
  let finished = false;

  const fitted = () => fitColumns(terminalText(latest ?? ""), Math.max(0, width));
  const draw = () => {
    drawn = fitted();
    lastDraw = now();
    stream.write(`\r${drawn}\x1b[K`);
  };
  const onResize = () => {
    width = columnsOf() - 1;
    if (drawn !== undefined) draw();
  };
  if (mode === "terminal") stream.on?.("resize", onResize);

  return {
    get width() {
      return Math.max(0, width);
    },
    note(line) {
      const text = `${terminalText(line)}\n`;
      if (drawn === undefined) return void stream.write(text);
      // One write: the note and the redrawn status reach the terminal together, never half of it.
      drawn = fitted();
      lastDraw = now();
      stream.write(`${eraseLine}${text}\r${drawn}\x1b[K`);
    },
    status(text) {
      if (finished || mode === "quiet") return;
      latest = text;
      if (mode === "lines") {
        if (now() - lastDraw < lineIntervalMs) return;
        lastDraw = now();
        return void stream.write(`${terminalText(text)}\n`);
      }
      if (drawn === undefined || now() - lastDraw >= redrawMs) draw();
    },
    finish(summary) {
      if (!finished) {
        finished = true;
        stream.off?.("resize", onResize);
        if (drawn !== undefined) stream.write(eraseLine);
        drawn = undefined;
      }
      if (summary !== undefined) stream.write(`${terminalText(summary)}\n`);
    },
  };
}
