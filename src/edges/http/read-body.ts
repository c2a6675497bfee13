// Reads a response body with a byte cap. fetch has decoded any gzip, deflate or br content by the time the bytes
// reach `response.body`, so the cap counts decoded bytes: a small compressed bomb stops at the cap like an endless
// plain stream does. The chunks are kept as they arrive and joined once; the caller decodes them, as
// `response.text()` would. A caller may watch the chunks as they arrive (pagination reads the next cursor from a
// page's first bytes): it sees each chunk once, after the cap has counted it, as a view it reads but never keeps.

/** V8's longest string (2^29 - 24 UTF-16 units): a cap above it would end in a RangeError instead of the cap. */
export const maxTextLength = 2 ** 29 - 24;

const decoder = new TextDecoder();

/** A body's bytes as text, as `response.text()` decodes them (a byte-order mark dropped, bad bytes as U+FFFD). */
export const decodeBody = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Sees each chunk of a body as it arrives; returns false when it wants no more of them. */
export type ChunkWatcher = (chunk: Uint8Array) => boolean;

/**
 * The body's bytes, or `undefined` when it is longer than `maxBytes` (the stream is then cancelled). `onChunk`, if
 * given, sees every chunk within the cap in order, until it returns false.
 */
export async function readBody(response: Response, maxBytes: number, onChunk?: ChunkWatcher): Promise<Uint8Array | undefined> {
  // A declared length is known before any byte is read; with a content coding it is the encoded length.
  const declared = Number(response.headers.get("content-length"));
  const coded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const body = response.body;
  if (!coded && declared > maxBytes) {
    void body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
    if (onChunk && !onChunk(value)) onChunk = undefined;
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
