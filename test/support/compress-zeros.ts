// Compression bombs for the hostile-server tests: many zero bytes through a compressor, kept as the small result.
import { once } from "node:events";

const MiB = 2 ** 20;

/** `size` zero bytes through `compressor`, collected: a few kB per GiB with brotli, about a MB per GiB with gzip. */
export async function compressZeros(compressor: NodeJS.ReadWriteStream, size: number): Promise<Buffer> {
  const out: Buffer[] = [];
  compressor.on("data", (chunk: Buffer) => out.push(chunk));
  const chunk = Buffer.alloc(MiB);
  for (let written = 0; written < size; written += chunk.length) {
    if (!compressor.write(chunk)) await once(compressor, "drain");
  }
  compressor.end();
  await once(compressor, "end");
  return Buffer.concat(out);
}
