/**
 * The export's progress on stderr, drawn by the terminal edge's status display: on a terminal a status line with
 * a bar, the percentage and the ETA when the total is known, and the rate; a plain line every couple of seconds
 * otherwise; nothing but notes and errors with `--no-progress`. Notes (retries, resuming, replacing) go above it.
 */
import type { Writable } from "node:stream";
import { countOf, grouped } from "./messages.js";
import { createStatusDisplay, type StatusMode } from "../edges/terminal/index.js";

export type ProgressMode = "bar" | "lines" | "none";

export interface ProgressOptions {
  stream: Writable & { columns?: number };
  mode: ProgressMode;
  /** Total profiles to export, when known (`--with-total`, capped by `--max-items`). */
  total?: number;
  /** Profiles already written by an earlier run (a resumed export); the rate counts only this run's. */
  start?: number;
  /** Milliseconds between plain lines. */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  update(count: number): void;
  /** The total once known or changed (`--all-indexes --with-total` sums the indexes' totals). */
  setTotal(total: number | undefined): void;
  /** A diagnostic line (a retry, say) printed whole above the status line; its control characters are escaped. */
  note(line: string): void;
  /** The summary line; `where` names the output. */
  finish(count: number, where: string): void;
  /** Clears the status line without a summary (on failure). */
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

const percentOf = (count: number, total: number) => Math.floor((100 * Math.min(count, total)) / total);
// No ETA until a page has given a rate: "ETA 0s" before the first page would be a guess.
const etaOf = (count: number, ratePerSecond: number, total?: number) =>
  total !== undefined && ratePerSecond > 0 && count < total ? formatDuration((total - count) / ratePerSecond) : undefined;

/** The plain progress line: `12,000 of 100,000 profiles (12%), 4,000/s, ETA 22s`. */
export function progressLine(count: number, ratePerSecond: number, total?: number): string {
  let line = `${grouped(count)}${total === undefined ? "" : ` of ${grouped(total)}`} profiles`;
  if (total !== undefined && total > 0) line += ` (${percentOf(count, total)}%)`;
  line += `, ${grouped(ratePerSecond)}/s`;
  const eta = etaOf(count, ratePerSecond, total);
  return eta === undefined ? line : `${line}, ETA ${eta}`;
}

const widestBar = 30;
const narrowestBar = 6;
// Room kept for the rate and the ETA (`12,345/s | ETA 1m05s`), so the bar keeps its size as they change.
const rateRoom = 18;

/**
 * The status line on a terminal, for a line of `width` characters: `[=====     ] 50% | 1,000/2,000 profiles |
 * 400/s | ETA 3s` with a total, `1,000 profiles | 400/s | 3s` (time so far) without. The bar's size depends only
 * on the width and the total, so it does not jump as the numbers grow; it is left out when it would be under
 * six characters, and the display cuts whatever still does not fit.
 */
export function statusLine(count: number, ratePerSecond: number, elapsedSeconds: number, width: number, total?: number): string {
  const rate = `${grouped(ratePerSecond)}/s`;
  if (total === undefined) return `${grouped(count)} profiles | ${rate} | ${formatDuration(elapsedSeconds)}`;
  const eta = etaOf(count, ratePerSecond, total);
  const percent = total > 0 ? percentOf(count, total) : 100;
  const text = `${percent}% | ${grouped(count)}/${grouped(total)} profiles | ${rate}${eta === undefined ? "" : ` | ETA ${eta}`}`;
  const widestText = `100% | ${grouped(total)}/${grouped(total)} profiles | `.length + rateRoom;
  const inside = Math.min(widestBar, width - widestText - 3);
  if (inside < narrowestBar) return text;
  const filled = Math.floor((inside * percent) / 100);
  return `[${"=".repeat(filled)}${" ".repeat(inside - filled)}] ${text}`;
}

const displayModes: Record<ProgressMode, StatusMode> = { bar: "terminal", lines: "lines", none: "quiet" };

/** The export's progress display; a status line is drawn at once in mode `bar`. */
export async function createProgress({ stream, mode, total: initialTotal, start = 0, intervalMs = 2000, now = Date.now }: ProgressOptions): Promise<Progress> {
  const display = createStatusDisplay({ stream, mode: displayModes[mode], lineIntervalMs: intervalMs, now });
  const started = now();
  let total = initialTotal;
  let last = start;
  const rate = (count: number) => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? (count - start) / seconds : 0;
  };
  const show = (count: number) => {
    last = count;
    const perSecond = rate(count);
    display.status(mode === "bar" ? statusLine(count, perSecond, (now() - started) / 1000, display.width, total) : progressLine(count, perSecond, total));
  };
  if (mode === "bar") show(start);

  return {
    update: show,
    setTotal(next) {
      total = next;
      if (mode === "bar") show(last);
    },
    note: (line) => display.note(line),
    finish(count, where) {
      if (mode === "none") return display.finish();
      const seconds = (now() - started) / 1000;
      display.finish(
        `exported ${countOf(count - start, "profile")}${start > 0 ? ` (${grouped(count)} in all)` : ""} to ${where} ` +
          `in ${seconds.toFixed(1)} s (${grouped(rate(count))}/s)`,
      );
    },
    stop: () => display.finish(),
  };
}
