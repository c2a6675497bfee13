/**
 * Export progress on stderr: a bar with the rate (plus percentage and ETA when the total is known) on a
 * terminal, a plain line every couple of seconds otherwise, nothing with `--no-progress`.
 */
import type { Writable } from "node:stream";
import { countOf, grouped } from "./messages.js";
import { terminalText } from "../edges/terminal/terminal-text.js";

export type ProgressMode = "bar" | "lines" | "none";

export interface ProgressOptions {
  stream: Writable;
  mode: ProgressMode;
  /** Total profiles to export, when known (`--with-total`, capped by `--max-items`). */
  total?: number;
  /** Profiles already written by an earlier run (a resumed export); the rate counts only this run's. */
  start?: number;
  /** Seconds between plain lines. */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  update(count: number): void;
  /** A diagnostic line (a retry, say) that must not be garbled by the bar; its control characters are escaped. */
  note(line: string): void;
  /** The summary line; `where` names the output. */
  finish(count: number, where: string): void;
  /** Stops the bar without a summary (on failure). */
  stop(): void;
}

/** Whole seconds as 1h02m03s / 2m03s / 3s. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h${pad(m)}m${pad(s % 60)}s`;
  if (m > 0) return `${m}m${pad(s % 60)}s`;
  return `${s % 60}s`;
}

/** The plain progress line: `12,000 of 100,000 profiles (12%), 4,000/s, ETA 22s`. */
export function progressLine(count: number, ratePerSecond: number, total?: number): string {
  let line = `${grouped(count)}${total === undefined ? "" : ` of ${grouped(total)}`} profiles`;
  if (total !== undefined && total > 0) line += ` (${Math.floor((100 * Math.min(count, total)) / total)}%)`;
  line += `, ${grouped(ratePerSecond)}/s`;
  if (total !== undefined && ratePerSecond > 0 && count < total) {
    line += `, ETA ${formatDuration((total - count) / ratePerSecond)}`;
  }
  return line;
}

/** The progress display; the bar's library is loaded only when a bar is drawn (plain lines and none need nothing). */
export async function createProgress({ stream, mode, total, start = 0, intervalMs = 2000, now = Date.now }: ProgressOptions): Promise<Progress> {
  const cliProgress = mode === "bar" ? (await import("cli-progress")).default : undefined;
  const started = now();
  let lastLine = started;
  const rate = (count: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? (count - start) / seconds : 0;
  };
  const bar =
    cliProgress
      ? new cliProgress.SingleBar(
          {
            stream,
            format:
              total === undefined
                ? "{value} profiles | {rate}/s | {duration_formatted}"
                : "[{bar}] {percentage}% | {value}/{total} profiles | {rate}/s{etaText}",
            hideCursor: true,
            clearOnComplete: true,
            formatValue: (value, _options, type) => (type === "value" || type === "total" ? grouped(value) : String(value)),
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  // No ETA until a page has given a rate: "ETA 0s" before the first page would be a guess.
  bar?.start(total ?? 0, start, { rate: "0", etaText: "" });
  const eta = (count: number): string => {
    const perSecond = rate(count);
    return total !== undefined && perSecond > 0 && count < total ? ` | ETA ${formatDuration((total - count) / perSecond)}` : "";
  };

  return {
    update(count) {
      if (bar) {
        bar.update(count, { rate: grouped(rate(count)), etaText: eta(count) });
      } else if (mode === "lines" && now() - lastLine >= intervalMs) {
        lastLine = now();
        stream.write(`${progressLine(count, rate(count), total)}\n`);
      }
    },
    note(line) {
      // Erase the bar's line first; it is redrawn on the next update.
      stream.write(`${bar ? "\r\x1b[K" : ""}${terminalText(line)}\n`);
    },
    finish(count, where) {
      bar?.stop();
      if (mode === "none") return;
      const seconds = (now() - started) / 1000;
      stream.write(
        `exported ${countOf(count - start, "profile")}${start > 0 ? ` (${grouped(count)} in all)` : ""} to ${terminalText(where)} ` +
          `in ${seconds.toFixed(1)} s (${grouped(rate(count))}/s)\n`,
      );
    },
    stop() {
      bar?.stop();
    },
  };
}
