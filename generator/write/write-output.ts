// Stage 7, write: packages are written into a staging folder beside the output folder and
// moved into place only when every file of every package is on disk. A failed or killed
// run leaves the output folder as it was; the only step that changes it is a rename per
// package, and leftovers of killed runs are cleared (or put back) by the next run.
import { constants, existsSync } from "node:fs";
import { access, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { GeneratorError } from "../errors.js";
import type { FileMap } from "../emit/emit-package.js";

const STAGING = ".staging-";

function stagingPrefix(outRoot: string): string {
  return join(dirname(outRoot), `.${basename(outRoot)}${STAGING}`);
}

/** Fails early, before any work, when the output folder cannot be written. */
export async function checkWritable(outRoot: string): Promise<void> {
  const root = resolve(outRoot);
  let probe = root;
  while (!existsSync(probe)) probe = dirname(probe);
  try {
    await access(probe, constants.W_OK);
    if (probe !== root) await access(dirname(root), constants.W_OK).catch(() => access(probe, constants.W_OK));
  } catch {
    throw new GeneratorError(`the output folder is not writable (${probe})`, { file: root });
  }
  await recoverInterrupted(root);
}

/** Finishes or undoes what a killed run left: `.out.staging-<pid>` folders beside the output. */
async function recoverInterrupted(outRoot: string): Promise<void> {
  const parent = dirname(outRoot);
  if (!existsSync(parent)) return;
  const prefix = `.${basename(outRoot)}${STAGING}`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length));
    if (pid === process.pid || isAlive(pid)) continue;
    const staging = join(parent, entry);
    // A package moved aside (".old-<name>") whose replacement never arrived is put back.
    for (const moved of await readdir(staging)) {
      if (moved.startsWith(".old-") && !existsSync(join(outRoot, moved.slice(5)))) {
        await rename(join(staging, moved), join(outRoot, moved.slice(5)));
      }
    }
    await rm(staging, { recursive: true, force: true });
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
    await rm(staging, { recursive: true, force: true });
  }
}

/** Moves each staged package into place; if one move fails, the ones already moved are undone. */
async function commit(root: string, staging: string, names: string[]): Promise<void> {
  const done: { name: string; hadOld: boolean }[] = [];
  try {
    for (const name of names) {
      const target = join(root, name);
      const hadOld = existsSync(target);
      if (hadOld) await rename(target, join(staging, `.old-${name}`));
      done.push({ name, hadOld });
      await rename(join(staging, name), target);
    }
  } catch (error) {
    for (const { name, hadOld } of done.reverse()) {
      const target = join(root, name);
      if (existsSync(join(staging, `.old-${name}`)) || !hadOld) await rm(target, { recursive: true, force: true });
      if (hadOld) await rename(join(staging, `.old-${name}`), target).catch(() => undefined);
    }
    throw error;
  }
}
