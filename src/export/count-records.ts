/**
 * Counts the profiles in an export's bytes by decoding its format as a reader would, fed chunk by chunk so a file
 * of any size takes little memory: NDJSON lines; CSV records after the header (a quoted cell may hold line
 * breaks); the elements of the JSON array (strings and nesting followed, so a comma inside a value is not one).
 * Parquet's count is in its footer (parquet-footer.ts). Bytes that cannot be the format throw a RecordCountError.
 */
import type { Format } from "./format.js";

export class RecordCountError extends Error {
  override readonly name = "RecordCountError";
}

export interface RecordCounter {
  push(chunk: Uint8Array): void;
  /** The number of records; throws when the bytes ended in the middle of one (or are not the format). */
  end(): number;
}

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

export function recordCounter(format: Exclude<Format, "parquet">): RecordCounter {
  switch (format) {
    case "ndjson":
      return ndjsonCounter();
    case "csv":
      return csvCounter();
    case "json":
      return jsonCounter();
  }
}

function ndjsonCounter(): RecordCounter {
  let lines = 0;
  let last = LF;
  return {
    push(chunk) {
      if (chunk.length === 0) return;
      for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, at + 1)) lines++;
      last = chunk[chunk.length - 1]!;
    },
    // A last line without its line feed still counts, as JSON Lines readers read it.
    end: () => lines + (last === LF ? 0 : 1),
  };
}

function csvCounter(): RecordCounter {
  let records = 0;
  let quoted = false;
  let last = LF;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        // A doubled quote inside a quoted cell toggles twice: still quoted.
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === LF && !quoted) records++;
      }
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    },
    end() {
      if (quoted) throw new RecordCountError("the CSV ends inside a quoted cell");
      const lines = records + (last === LF ? 0 : 1);
      if (lines === 0) throw new RecordCountError("the CSV has no header");
      return lines - 1;
    },
  };
}

function jsonCounter(): RecordCounter {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let closed = false;
  let elements = 0;
  let valueInElement = false;
  const whitespace = (byte: number) => byte === 32 || byte === LF || byte === 13 || byte === 9;
  const fail = (what: string): never => {
    throw new RecordCountError(`not a JSON array: ${what}`);
  };
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (whitespace(byte)) continue;
        if (closed) fail("more after the closing bracket");
        if (!started) {
          if (byte !== 0x5b) fail("it does not start with [");
          started = true;
          depth = 1;
          continue;
        }
        if (byte === QUOTE) inString = true;
        if (byte === 0x5b || byte === 0x7b) depth++;
        else if (byte === 0x5d || byte === 0x7d) depth--;
        if (depth === 0) {
          closed = true;
          if (valueInElement) elements++;
          else if (elements > 0) fail("a comma before the closing bracket");
        } else if (depth === 1 && byte === COMMA) {
          if (!valueInElement) fail("an empty element");
          elements++;
          valueInElement = false;
        } else {
          valueInElement = true;
        }
      }
    },
    end() {
      if (!closed) fail(started ? "it ends before its closing bracket" : "it is empty");
      return elements;
    },
  };
}
