/**
 * The export's own files (part, checkpoint, temporary): opened without following a symlink, created only with
 * O_EXCL, and reused only when they are regular files of this user with one link, i.e. files the export could
 * have created itself. Anything else was planted or shared, and is refused rather than written through.
 */
import { constants, type Stats } from "node:fs";
import { open, unlink, lstat, type FileHandle } from "node:fs/promises";

/** A file beside --out that the export will not write, reuse or delete: a usage error (exit 2). */
export class UnsafeFileError extends Error {
  override readonly name = "UnsafeFileError";
}

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_RDWR, O_WRONLY } = constants;

/** Creates `path` afresh; fails with EEXIST rather than open a file that is already there. */
export function createExclusive(path: string): Promise<FileHandle> {
  // 0o666: the umask decides, as for any file a command writes.
  return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
}

/** Opens an existing file of the export's (read-write or read-only); undefined when there is none. */
export async function openOwn(path: string, mode: "r" | "r+"): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, (mode === "r+" ? O_RDWR : O_RDONLY) | O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw unsafe(path, "is a symbolic link");
    throw error;
  }
  try {
    assertOwnRegularFile(await handle.stat(), path);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/**
 * Removes a leftover before `createExclusive`: a regular file goes (unlink removes the name only, never what a
 * link points to); a symlink or any other kind of file is refused, since the export never makes one.
 */
export async function removeLeftover(path: string): Promise<boolean> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!info) return false;
  if (!info.isFile()) throw unsafe(path, info.isSymbolicLink() ? "is a symbolic link" : "is not a regular file");
  await removeName(path);
  return true;
}

/**
 * Removes a name the export made (a finished run's checkpoint and its temporary file), if it is still there: unlink
 * removes the name only, so whatever a symlink planted there points to is never touched.
 */
export async function removeName(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

export function assertOwnRegularFile(info: Stats, path: string): void {
  if (!info.isFile()) throw unsafe(path, "is not a regular file");
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw unsafe(path, `belongs to another user (uid ${info.uid})`);
  if (info.nlink !== 1) throw unsafe(path, `has ${info.nlink} hard links`);
}

function unsafe(path: string, what: string): UnsafeFileError {
  return new UnsafeFileError(
    `${path} ${what}, so it is not a file this export created; it was left alone. ` +
      `Remove it (rm removes a link, not its target) and run the export again without --resume`,
  );
}
