// The output cache of `generate-all`: a package folder is not regenerated when nothing that
// decides its bytes has changed. Beside each package folder of the output root lives a
// stamp, `<out>/.<folder>.stamp.json` (a dot-file outside the folder, so it is never part
// of the published package):
//
//   { "inputs": sha256(job key + generator sources + package-lock.json), "output": sha256(files),
//     "files": { "<path>": [size, mtimeMs], … } }
//
// `inputs` covers the spec (its pinned sha256 and pin entry, part of the job key), every
// file under generator/ (code and templates) and package-lock.json (prettier and the other
// dependencies that shape the output). `output` is the digest of the folder's files as
// written. A hit also checks the folder: the same file list with the same sizes and
// modification times as recorded (a stat per file, like make), or else the same content
// digest — so a folder edited or damaged by hand is regenerated. `--force` ignores stamps.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import { readdir, readFile, rm, writeFile, rename } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { FileMap } from "../emit/emit-package.js";
import { REPO_ROOT } from "../load/pinned-specs.js";
import { RUNNING_FROM_DIST } from "../package-root.js";

export interface Stamp {
  inputs: string;
  output: string;
  /** Relative path → [size, mtimeMs] of each file as written. */
  files?: Record<string, [number, number]>;
}

let generatorHashMemo: string | undefined;

/** sha256 of every file under generator/ (and dist/ when running from it), sorted by path, and of package-lock.json. */
export function generatorHash(root = REPO_ROOT): string {
  if (root === REPO_ROOT && generatorHashMemo) return generatorHashMemo;
  const hash = createHash("sha256");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(root, path).split(sep).join("/")).update("\0").update(readFileSync(path)).update("\0");
    }
  };
  walk(join(root, "generator"));
  // An installed package runs its built code (dist/) and keeps only the templates under generator/.
  if (root === REPO_ROOT && RUNNING_FROM_DIST) walk(join(root, "dist"));
  const lock = join(root, "package-lock.json");
  if (existsSync(lock)) hash.update("package-lock.json\0").update(readFileSync(lock));
  const digest = hash.digest("hex");
  if (root === REPO_ROOT) generatorHashMemo = digest;
  return digest;
}

/** The inputs hash of one package: its job key (spec sha256, name, pin…) and the generator. */
export function inputsHash(jobKey: string, generator = generatorHash()): string {
  return createHash("sha256").update(jobKey).update("\0").update(generator).digest("hex");
}

/** Digest of a package's files: sorted relative paths (with "/") and their UTF-8 bytes. */
export function filesDigest(files: Iterable<[string, string | Buffer]>): string {
  const hash = createHash("sha256");
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(path).update("\0").update(content).update("\0");
  }
  return hash.digest("hex");
}

export function stampPath(outRoot: string, folder: string): string {
  return join(outRoot, `.${folder}.stamp.json`);
}

async function folderFiles(dir: string): Promise<[string, Buffer][]> {
  const files: [string, Buffer][] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push([relative(dir, path).split(sep).join("/"), await readFile(path)]);
      else files.push([relative(dir, path).split(sep).join("/"), Buffer.from("\0not a regular file\0")]);
    }
  };
  await walk(dir);
  return files;
}

/** Relative path → [size, mtimeMs] of every entry under `dir` (a non-file entry gets [-1, -1]). */
function folderStats(dir: string): Map<string, [number, number]> {
  const stats = new Map<string, [number, number]>();
  const walk = (current: string, prefix: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }) as Dirent[]) {
      const path = join(current, entry.name);
      const rel = prefix + entry.name;
      if (entry.isDirectory()) walk(path, `${rel}/`);
      else if (entry.isFile()) {
        const st = statSync(path);
        stats.set(rel, [st.size, st.mtimeMs]);
      } else stats.set(rel, [-1, -1]);
    }
  };
  walk(dir, "");
  return stats;
}

function sameStats(recorded: Record<string, [number, number]>, actual: Map<string, [number, number]>): boolean {
  const paths = Object.keys(recorded);
  if (paths.length !== actual.size) return false;
  return paths.every((path) => {
    const a = actual.get(path);
    const r = recorded[path];
    return a !== undefined && r !== undefined && a[0] === r[0] && a[1] === r[1];
  });
}

/** Whether `<outRoot>/<folder>` holds exactly what was generated from `inputs` last time. */
export async function isFresh(outRoot: string, folder: string, inputs: string): Promise<boolean> {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(stampPath(outRoot, folder), "utf8")) as Stamp;
  } catch {
    return false;
  }
  if (stamp.inputs !== inputs || typeof stamp.output !== "string") return false;
  const dir = join(outRoot, folder);
  if (!existsSync(dir)) return false;
  try {
    if (stamp.files && sameStats(stamp.files, folderStats(dir))) return true;
    return filesDigest(await folderFiles(dir)) === stamp.output;
  } catch {
    return false;
  }
}

/** Drops a stamp (before its folder is replaced, so a killed run never leaves a stale one). */
export async function removeStamp(outRoot: string, folder: string): Promise<void> {
  await rm(stampPath(outRoot, folder), { force: true });
}

/** Records what a folder was generated from, after it is in place. */
export async function writeStamp(outRoot: string, folder: string, inputs: string, files: FileMap): Promise<void> {
  const stats = folderStats(join(outRoot, folder));
  const stamp: Stamp = { inputs, output: filesDigest(files), files: Object.fromEntries([...stats].sort(([a], [b]) => (a < b ? -1 : 1))) };
  const path = stampPath(outRoot, folder);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(stamp)}\n`);
  await rename(temp, path);
}
