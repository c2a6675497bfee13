/**
 * What a person sees: the CLI run under a real pseudo-terminal (`script`, sized with `stty`), and the bytes it
 * printed fed into a terminal emulator (@xterm/headless) of the same size. Tests assert on the emulator's screen,
 * the way the bytes render, rather than on the bytes.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { Terminal } from "@xterm/headless";

export interface PtyRun {
  code: number | null;
  /** The terminal's output as it arrived, chunk by chunk. */
  chunks: Buffer[];
}

const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

export interface PtyOptions {
  columns: number;
  rows?: number;
  env: Record<string, string>;
  /**
   * Once the output so far matches `when`, `then` is called with `script` (whose stdin is what is typed on the
   * terminal) and the CLI's process id.
   */
  act?: { when: RegExp; then: (script: ChildProcess, cliPid: number) => void };
}

/** Runs `node cli args…` on a pseudo-terminal of `columns` × `rows`; stdout and stderr both are that terminal. */
export async function runOnPty(cli: string, args: string[], options: PtyOptions): Promise<PtyRun> {
  // exec: the CLI takes the shell's place, as the terminal's foreground process and script's child.
  const command = `stty cols ${options.columns} rows ${options.rows ?? 30} && exec ${[process.execPath, cli, ...args].map(quote).join(" ")}`;
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    stdio: [options.act ? "pipe" : "ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", TERM: "xterm", ...options.env },
  });
  const chunks: Buffer[] = [];
  let act = options.act;
  child.stdout!.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    if (act && act.when.test(Buffer.concat(chunks).toString())) {
      const { then } = act;
      act = undefined;
      then(child, Number(execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim()));
    }
  });
  child.stderr!.resume();
  const [code] = (await once(child, "close")) as [number | null];
  return { code, chunks };
}

/** The line the cursor is on at one moment, rows the terminal wrapped joined, and how many rows it takes. */
export interface CursorLine {
  text: string;
  rows: number;
}

export interface Screen {
  /** Every line the output left, scrollback included, rows the terminal wrapped joined back into one line. */
  lines: string[];
  /** The same, without the empty lines. */
  text: string[];
  /** The cursor's line after each chunk: where a status line is drawn. */
  cursorLines: CursorLine[];
  /** Whether the cursor was left hidden (DECTCEM reset) once every byte was written. */
  cursorHidden: boolean;
}

/** Feeds `chunks` into a `columns` wide emulator, one chunk at a time, and reads its screen. */
export async function screenOf(chunks: readonly Buffer[], columns: number, rows = 30): Promise<Screen> {
  const terminal = new Terminal({ cols: columns, rows, scrollback: 5000, allowProposedApi: true });
  const buffer = () => terminal.buffer.active;
  const cursorLines: CursorLine[] = [];
  // DECTCEM (CSI ? 25 l / h) as the emulator receives it; the handlers return false so it still applies them.
  let cursorHidden = false;
  const dectcem = (hidden: boolean) => (params: (number | number[])[]) => {
    if (params.includes(25)) cursorHidden = hidden;
    return false;
  };
  terminal.parser.registerCsiHandler({ prefix: "?", final: "l" }, dectcem(true));
  terminal.parser.registerCsiHandler({ prefix: "?", final: "h" }, dectcem(false));
  try {
    for (const chunk of chunks) {
      await new Promise<void>((resolve) => terminal.write(chunk, resolve));
      let y = buffer().baseY + buffer().cursorY;
      const last = y;
      while (y > 0 && buffer().getLine(y)?.isWrapped) y--;
      let text = "";
      for (let row = y; row <= last; row++) text += buffer().getLine(row)?.translateToString(row === last) ?? "";
      cursorLines.push({ text: text.trimEnd(), rows: last - y + 1 });
    }
    const lines: string[] = [];
    for (let y = 0; y < buffer().length; y++) {
      const line = buffer().getLine(y)!;
      const text = line.translateToString(true);
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
      else lines.push(text);
    }
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return { lines, text: lines.filter((line) => line.trim() !== ""), cursorLines, cursorHidden };
  } finally {
    terminal.dispose();
  }
}
