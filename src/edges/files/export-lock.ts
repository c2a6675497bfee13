/**
 * The lock of an export target, `<out>.lock`: created with O_CREAT|O_EXCL (never through a symlink), it holds the
 * owner's pid, host and start time, so a second export to the same --out fails at once and names the first. A
 * lock whose pid is no longer alive on this host (the export was killed with SIGKILL) is stale and taken over.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";

import { lockPath } from "./output-names.js";

export { lockPath };

interface LockOwner {
  pid: number;
  host: string;
  started: string;
  /** Tells this lock apart from a later one of a reused pid, and makes a takeover verifiable. */
  nonce: string;
}

/** Another export holds the target, or the lock cannot be trusted: a usage error (exit 2). */
export class ExportLockError extends Error {
  override readonly name = "ExportLockError";
}

export interface ExportLock {
  /** Removes the lock, only if it is still this export's. */
  release(): Promise<void>;
}

const createFlags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export async function acquireExportLock(out: string): Promise<ExportLock> {
  const path = lockPath(out);
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), nonce: randomBytes(9).toString("base64url") };
  // One takeover of a stale lock at most; a second EEXIST means a live export got there first.
  for (let attempt = 0; ; attempt++) {
    if (await tryCreate(path, owner)) break;
    const holder = await readOwner(path);
    if (attempt === 0 && (holder === "gone" || (holder && isStale(holder)))) {
      if (holder !== "gone") await takeOver(path, holder);
      continue;
    }
    throw new ExportLockError(heldMessage(out, path, holder === "gone" ? undefined : holder));
  }
  return {
    async release() {
      const holder = await readOwner(path);
      if (typeof holder === "object" && holder.nonce === owner.nonce) await unlink(path).catch(() => undefined);
    },
  };
}

async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, createFlags, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The lock's owner; "gone" when it vanished; undefined when it is not a lock this program wrote, or a symlink. */
async function readOwner(path: string): Promise<LockOwner | "gone" | undefined> {
  let text: string;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "gone" : undefined;
  }
  return parseOwner(text);
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && typeof value.host === "string" && typeof value.nonce === "string") {
      return { pid: value.pid!, host: value.host, started: String(value.started), nonce: value.nonce };
    }
  } catch {
    // Not ours: never taken over automatically.
  }
  return undefined;
}

/** Only a lock of this host can be judged: another host's pid means nothing here. */
function isStale(holder: LockOwner): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Moves the stale lock aside under a private name, and deletes it only if it is the stale one; if another
 * process replaced it in between, its fresh lock is linked back (link fails rather than overwrite a newer one).
 */
async function takeOver(path: string, stale: LockOwner): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = parseOwner(await readFile(aside, "utf8").catch(() => ""));
  if (moved?.nonce !== stale.nonce) await link(aside, path).catch(() => undefined);
  await unlink(aside);
}

function heldMessage(out: string, path: string, holder: LockOwner | undefined): string {
  if (!holder) {
    return `${path} exists but is not a lock this program wrote; if no export to --out ${out} is running, delete it and run again`;
  }
  return (
    `another export to --out ${out} is running (pid ${holder.pid} on ${holder.host}, started ${holder.started}); ` +
    `wait for it to finish, or if it is no longer running, delete ${path} and run again`
  );
}
