// Stage 7, write: packages are written into a staging folder beside the output folder and
// moved into place only when every file of every package is on disk. A failed or killed
// run leaves the output folder as it was; the only step that changes it is a rename per
// package. Before the first rename a journal (the package names, and whether each had an
// old version) is written into the staging folder, and after the last one a COMMITTED
// marker: the next run finds a dead run's staging folder and either deletes it (marker
// present: the run had finished) or rolls every package back to its old version (killed
// mid-commit), so the output folder is never left half old and half new.
import { constants, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { access, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { GeneratorError } from "../errors.js";
import type { FileMap } from "../emit/emit-package.js";

const STAGING = ".staging-";
const JOURNAL = ".journal.json";
const COMMITTED = ".committed";

interface Journal {
  root: string;
  packages: { name: string; hadOld: boolean }[];
}

function stagingPrefix(outRoot: string): string {
  return join(dirname(outRoot), `.${basename(outRoot)}${STAGING}`);
}

/**
 * Fails early, before any work, when the output folder cannot be written: it (or the first
 * of its parents that exists) must be a folder in which a folder can really be created —
 * tried, not inferred from permission bits, which say yes to root on a read-only mount.
 */
export async function checkWritable(outRoot: string): Promise<void> {
  const root = resolve(outRoot);
  let probe = existsSync(root) ? root : dirname(root);
  while (!existsSync(probe)) probe = dirname(probe);
  for (const dir of new Set([probe, existsSync(root) ? dirname(root) : probe])) {
    if (!statSync(dir).isDirectory()) {
      throw new GeneratorError(`cannot write the output folder: ${dir} is not a folder`, { file: root });
    }
    try {
      await access(dir, constants.W_OK);
      await rmdir(await mkdtemp(join(dir, ".k8s-openapi-ts-probe-")));
    } catch (error) {
      throw new GeneratorError(`cannot write the output folder: ${(error as NodeJS.ErrnoException).code ?? String(error)} in ${dir}`, { file: root });
    }
  }
  try {
    await recoverInterrupted(root);
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    throw new GeneratorError(`cannot recover what an interrupted run left beside the output folder: ${(error as Error).message}`, { file: root });
  }
}

/**
 * `generate --out DIR` replaces DIR: refuse unless DIR is absent, empty, or a package this
 * generator made (its package.json names k8s-openapi-ts), so a mistyped `--out .` or
 * `--out ~/project` cannot wipe a folder that is not ours.
 */
export function checkReplaceable(dir: string): void {
  const root = resolve(dir);
  if (root === dirname(root)) throw new GeneratorError("the output folder cannot be the file system root", { file: root });
  if (!existsSync(root) || !statSync(root).isDirectory() || readdirSync(root).length === 0) return;
  let ours = false;
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { generator?: { name?: unknown }; repository?: { url?: unknown } };
    ours = pkg.generator?.name === "k8s-openapi-ts" || (typeof pkg.repository?.url === "string" && pkg.repository.url.includes("k8s-openapi-ts"));
  } catch {
    ours = false;
  }
  if (!ours) {
    throw new GeneratorError(
      "the output folder exists and is not a package made by k8s-openapi-ts (no package.json naming it); refusing to replace it",
      { file: root },
      "give --out a new or empty folder, or the folder of a package generated before",
    );
  }
}

/** Finishes or undoes what a killed run left: `.out.staging-<pid>` folders beside the output. */
export async function recoverInterrupted(outRoot: string): Promise<void> {
  const parent = dirname(outRoot);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return;
  const prefix = `.${basename(outRoot)}${STAGING}`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid === process.pid || isAlive(pid)) continue;
    const staging = join(parent, entry);
    if (!existsSync(join(staging, COMMITTED))) await rollBack(outRoot, staging); // no journal: nothing was renamed
    await rm(staging, { recursive: true, force: true });
  }
}

/** Puts back the old version of every package a killed run had started to replace. */
async function rollBack(outRoot: string, staging: string): Promise<void> {
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(await readFile(join(staging, JOURNAL), "utf8")) as Journal;
  } catch {
    journal = undefined; // killed before the journal was complete: no rename had happened yet
  }
  if (!journal) return;
  for (const { name, hadOld } of journal.packages) {
    const target = join(outRoot, name);
    const old = join(staging, `.old-${name}`);
    const movedIn = !existsSync(join(staging, name));
    if (hadOld && existsSync(old)) {
      if (movedIn) await rm(target, { recursive: true, force: true });
      await rename(old, target);
    } else if (!hadOld && movedIn) {
      await rm(target, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Checks that a relative path stays inside its package folder. */
export function safeRelativePath(path: string): string {
  const normal = normalize(path);
  if (isAbsolute(normal) || normal === ".." || normal.startsWith(`..${sep}`) || normal.includes(`${sep}..${sep}`) || normal.includes("\0")) {
    throw new GeneratorError(`internal: refusing to write outside the package folder: ${JSON.stringify(path)}`);
  }
  return normal;
}

/** Writes packages (folder name → files) under `outRoot`, replacing those folders atomically per package. */
export async function writePackages(outRoot: string, packages: Map<string, FileMap>): Promise<void> {
  const root = resolve(outRoot);
  const staging = `${stagingPrefix(root)}${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [name, files] of packages) {
      const dir = join(staging, safeRelativePath(name));
      const created = new Set<string>();
      for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const target = join(dir, safeRelativePath(path));
        const folder = dirname(target);
        if (!created.has(folder)) {
          await mkdir(folder, { recursive: true });
          created.add(folder);
        }
        await writeFile(target, text);
      }
    }
    await mkdir(root, { recursive: true });
    await commit(root, staging, [...packages.keys()]);
  } catch (error) {
    if (error instanceof GeneratorError) throw error;
    throw new GeneratorError(`cannot write the output: ${(error as Error).message}`, { file: root });
  } finally {
    // The journal goes first: a staging folder without one is only ever deleted, never rolled back.
    await rm(join(staging, JOURNAL), { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** Moves each staged package into place; if one move fails, the ones already moved are undone. */
async function commit(root: string, staging: string, names: string[]): Promise<void> {
  const journal: Journal = { root, packages: names.map((name) => ({ name, hadOld: existsSync(join(root, name)) })) };
  // Written under a temporary name and renamed, so a journal on disk is always complete.
  await writeFile(join(staging, `${JOURNAL}.tmp`), JSON.stringify(journal));
  await rename(join(staging, `${JOURNAL}.tmp`), join(staging, JOURNAL));
  const done: { name: string; hadOld: boolean }[] = [];
  try {
    for (const { name, hadOld } of journal.packages) {
      const target = join(root, name);
      if (hadOld) await rename(target, join(staging, `.old-${name}`));
      done.push({ name, hadOld });
      await rename(join(staging, name), target);
    }
    await writeFile(join(staging, COMMITTED), "");
  } catch (error) {
    for (const { name, hadOld } of done.reverse()) {
      const target = join(root, name);
      if (!existsSync(join(staging, name))) await rm(target, { recursive: true, force: true });
      if (hadOld) await rename(join(staging, `.old-${name}`), target).catch(() => undefined);
    }
    throw error;
  }
}
