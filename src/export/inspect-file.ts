/**
 * Reads an export's file once, as stored: its size and SHA-256, and its profile count by decoding it (through
 * gunzip first for a gzip file; every member of a multi-member file is read). Parquet's count comes from its
 * footer (parquet-footer.ts). What `amperity-profiles check` compares with the manifest. The file comes open from
 * the files edge (a regular file, judged on the handle that is read), so nothing can swap it in between.
 */
import { createHash } from "node:crypto";
import { Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type { OpenInput } from "../edges/files/input-file.js";
import { recordCounter, RecordCountError } from "./count-records.js";
import type { Compression, Format } from "./format.js";

export interface FileFacts {
  bytes: number;
  sha256: string;
  profiles: number;
}

export async function inspectExport({ handle }: OpenInput, format: Format, compression: Compression | null): Promise<FileFacts> {
  const hash = createHash("sha256");
  let bytes = 0;
  const counter = format === "parquet" ? undefined : recordCounter(format);
  // The stored bytes pass through the hash on their way to the decoder.
  const stored = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const decoded = new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        counter?.push(chunk);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  // The caller closes the handle; the stream only reads it.
  const source = handle.createReadStream({ start: 0, autoClose: false });
  const stages = [source, stored, ...(compression === "gzip" ? [createGunzip()] : []), decoded] as const;
  try {
    await pipeline([...stages]);
  } catch (error) {
    if (error instanceof RecordCountError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("Z_")) throw new RecordCountError(`not gzip data that can be read: ${(error as Error).message}`);
    throw error;
  }
  const profiles = counter ? counter.end() : await (await import("./parquet-footer.js")).parquetRows(handle, bytes);
  return { bytes, sha256: hash.digest("hex"), profiles };
}
