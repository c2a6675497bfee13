/**
 * The terminal edge's status display, driven with an injected clock and rendered by a terminal emulator: notes
 * stay whole above the status line, the status line never wraps (also after the terminal narrows), nothing moves
 * the cursor outside that line or hides it, and server text cannot drive the terminal.
 */
import { EventEmitter } from "node:events";
import { createStatusDisplay, fitColumns, lineStream, type StatusMode } from "../src/edges/terminal/index.js";
import { screenOf } from "./terminal-screen.js";

/** A terminal-like stream: records what is written, has `columns`, emits 'resize'. */
function fakeTerminal(columns: number) {
  const chunks: string[] = [];
  const stream = Object.assign(new EventEmitter(), { columns, write: (text: string) => void chunks.push(text) });
  return { stream, chunks, bytes: () => chunks.join("") };
}

function displayOn(columns: number, mode: StatusMode = "terminal") {
  const terminal = fakeTerminal(columns);
  const clock = { now: 0 };
  const display = createStatusDisplay({ stream: terminal.stream, mode, now: () => clock.now, redrawMs: 100, lineIntervalMs: 2000 });
  return { ...terminal, clock, display };
}

// A terminal's line discipline turns each \n into \r\n on the way to the screen (onlcr); the fake stream does not.
const render = (bytes: string, columns: number) => screenOf([Buffer.from(bytes.replace(/\n/g, "\r\n"))], columns);
// The display's own redraws: a carriage return, a status line (its controls escaped), erase to the end of the line.
const ownRedraws = /\r[^\r\n\x1b]*\x1b\[K/g;
const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("status display on a terminal", () => {
  it("garbled notes: a note printed while the status line is up stays whole above it, the status below", async () => {
    const { display, clock, bytes } = displayOn(60);
    display.status("100 profiles | 50/s");
    display.note("retrying after HTTP 503 (attempt 1 failed; next in 1000 ms)");
    clock.now = 500;
    display.status("200 profiles | 100/s");
    display.note("a second note");
    const screen = await render(bytes(), 60);
    expect(screen.text).toEqual(["retrying after HTTP 503 (attempt 1 failed; next in 1000 ms)", "a second note", "200 profiles | 100/s"]);
  });

  it("garbled summary: finish clears the status line and leaves the summary as the last line; later notes follow it", async () => {
    const { display, bytes } = displayOn(60);
    display.status("100 profiles | 50/s");
    display.note("resuming: 100 profiles already in out.ndjson.part");
    display.finish("exported 100 profiles to out.ndjson in 1.0 s (100/s)");
    display.note("idx-1: exported to out.ndjson");
    display.status("ignored once finished");
    const screen = await render(bytes(), 60);
    expect(screen.text).toEqual([
      "resuming: 100 profiles already in out.ndjson.part",
      "exported 100 profiles to out.ndjson in 1.0 s (100/s)",
      "idx-1: exported to out.ndjson",
    ]);
  });

  it("wrapped status: a status wider than the terminal is cut to one column less than its width, wide letters counted as two", async () => {
    const { display, bytes } = displayOn(60);
    const status = `[${"=".repeat(40)}] 50% | 1,000/2,000 profiles | 400/s | ETA 3s`;
    display.status(status);
    let screen = await render(bytes(), 60);
    expect(screen.cursorLines.at(-1)).toEqual({ text: status.slice(0, 59), rows: 1 });
    const wide = displayOn(20);
    wide.display.status("東京東京東京東京東京東京");
    screen = await render(wide.bytes(), 20);
    expect(screen.cursorLines.at(-1)).toEqual({ text: "東京東京東京東京東", rows: 1 });
  });

  it("wrapped status after a resize: the new width is read on 'resize' and the status redrawn to it", async () => {
    const { display, stream, chunks } = displayOn(100);
    const status = `${"x".repeat(80)} end`;
    display.status(status);
    expect(display.width).toBe(99);
    stream.columns = 40;
    stream.emit("resize");
    expect(display.width).toBe(39);
    // Rendered on a 40-column terminal from the resize on: the redrawn status fits it.
    const screen = await render(chunks.slice(1).join(""), 40);
    expect(screen.cursorLines.at(-1)).toEqual({ text: "x".repeat(39), rows: 1 });
    display.finish();
    expect(stream.listenerCount("resize")).toBe(0);
  });

  it("redraws at most every redrawMs, but a note always shows the latest status", () => {
    const { display, clock, chunks } = displayOn(80);
    display.status("1");
    clock.now = 50;
    display.status("2");
    expect(chunks).toEqual(["\r1\x1b[K"]);
    display.note("n");
    expect(chunks.at(-1)).toBe("\r\x1b[Kn\n\r2\x1b[K");
    clock.now = 120;
    display.status("3");
    expect(chunks).toHaveLength(2);
    clock.now = 151;
    display.status("4");
    expect(chunks.at(-1)).toBe("\r4\x1b[K");
  });

  it("cursor left hidden or moved: no saved or restored cursor position, no hidden cursor, no move off the status line", () => {
    const { display, clock, bytes } = displayOn(60);
    for (let i = 0; i < 50; i++) {
      clock.now += 150;
      display.status(`${i} profiles`);
      if (i % 10 === 0) display.note(`note ${i}`);
    }
    display.finish("done");
    // Every escape sequence written is "erase to the end of the line".
    expect(bytes().match(/\x1b[^K]*K?/g)!.every((sequence) => sequence === "\x1b[K")).toBe(true);
  });

  it("terminal injection: controls in a note, a status or a summary are shown escaped", async () => {
    const { display, bytes } = displayOn(100);
    const payload = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\r\u009b31m\u202e";
    display.status(`status ${payload}`);
    display.note(`note ${payload}\nsecond`);
    display.finish(`summary ${payload}`);
    const written = bytes().replace(ownRedraws, "");
    expect(written).not.toMatch(rawControl);
    const screen = await render(bytes(), 100);
    expect(screen.text).toEqual([
      "note \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\r\\x9b31m\\u202e\\nsecond",
      "summary \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\r\\x9b31m\\u202e",
    ]);
  });

  it("a terminal that reports no size (0 columns) is taken as 80 wide", () => {
    const { display } = displayOn(0);
    expect(display.width).toBe(79);
  });
});

describe("status display elsewhere", () => {
  it("lines: a plain status line at most every lineIntervalMs, notes and the summary as plain lines", () => {
    const { display, clock, bytes } = displayOn(80, "lines");
    display.status("first");
    clock.now = 2000;
    display.status("second");
    clock.now = 3000;
    display.status("third");
    display.note("a note");
    display.finish("summary");
    expect(bytes()).toBe("second\na note\nsummary\n");
  });

  it("quiet: no status, notes and a summary still", () => {
    const { display, clock, bytes } = displayOn(80, "quiet");
    clock.now = 5000;
    display.status("status");
    display.note("note");
    display.finish();
    expect(bytes()).toBe("note\n");
  });
});

describe("fitColumns", () => {
  it("keeps text that fits, cuts at the column limit, never inside a surrogate pair", () => {
    expect(fitColumns("abc", 3)).toBe("abc");
    expect(fitColumns("abcd", 3)).toBe("abc");
    expect(fitColumns("a🙂b", 2)).toBe("a");
    expect(fitColumns("a🙂b", 3)).toBe("a🙂");
  });
});

describe("lineStream", () => {
  it("hands on whole lines, at once, a line written in pieces once complete, a character split across writes intact", async () => {
    const lines: string[] = [];
    const stream = lineStream((line) => lines.push(line));
    stream.write("one\ntw");
    // Delivered during write(): a note is shown before whatever the writer does next.
    expect(lines).toEqual(["one"]);
    stream.write("o\n");
    const city = Buffer.from("Zürich\n");
    stream.write(city.subarray(0, 2));
    stream.write(city.subarray(2));
    stream.write("\n\nlast, unfinished");
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(lines).toEqual(["one", "two", "Zürich", "last, unfinished"]);
  });
});
