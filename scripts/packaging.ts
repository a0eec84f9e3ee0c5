// Packing and installing npm packages as a publisher and a user do: shared by the release
// command (scripts/release.ts) and the packaging tests (test/packaging/support.ts).
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";

const execFileAsync = promisify(execFile);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never throws on a non-zero exit (the caller asserts). */
export async function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 256 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
  }
}

/** npm without the environment `npm test` / `npm run` leave behind (npm_config_*, npm_package_*), so it acts as for a user. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

/**
 * npmEnv() plus the npm configuration the user set in the environment (NPM_CONFIG_*, upper
 * case: `npm run` injects only lower-case npm_config_*), e.g. the NPM_CONFIG_USERCONFIG with the
 * registry token that actions/setup-node writes: for installing and publishing as this user.
 */
export function userNpmEnv(): NodeJS.ProcessEnv {
  const env = npmEnv();
  for (const [key, value] of Object.entries(process.env)) if (key.startsWith("NPM_CONFIG_")) env[key] = value;
  return env;
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** What `npm pack --json` says about one tarball. */
export interface PackInfo {
  name: string;
  version: string;
  filename: string;
  /** Tarball bytes. */
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

/**
 * The JSON array `npm pack --json` prints last: lifecycle scripts (prepack) may print before it,
 * so it is read from the last line that is exactly "[".
 */
export function parsePackJson(stdout: string): PackInfo[] {
  const starts = [...stdout.matchAll(/^\[$/gm)];
  const start = starts.at(-1)?.index;
  if (start === undefined) throw new Error(`no JSON in npm pack's output:\n${stdout.slice(-2000)}`);
  return JSON.parse(stdout.slice(start)) as PackInfo[];
}

/**
 * `npm pack` of a package folder as a publisher runs it, into `destination`. `scripts: true` runs
 * its lifecycle scripts (a `prepack` that builds dist/); the generated packages have none.
 */
export async function packFolder(dir: string, destination: string, options: { scripts?: boolean } = {}): Promise<{ tarball: string; info: PackInfo }> {
  const args = ["pack", "--json", "--pack-destination", destination, ...(options.scripts ? [] : ["--ignore-scripts"])];
  const result = await run("npm", args, { cwd: dir, env: npmEnv() });
  if (result.code !== 0) throw new Error(`npm pack in ${dir} failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim().slice(-4000)}`);
  const [info] = parsePackJson(result.stdout);
  if (!info) throw new Error(`npm pack in ${dir} printed no tarball`);
  return { tarball: join(destination, info.filename), info };
}

/** What the generator package is built from: copied, so its prepack never writes dist/ into the working tree. */
const GENERATOR_SOURCES = ["package.json", "README.md", "LICENSE", "generator", "specs", "client/src", "client/package.json"];

/**
 * `npm pack` of the generator (`k8s-openapi-ts`), prepack included (it builds dist/), from a
 * copy inside the repository (so the build finds esbuild and typescript in node_modules):
 * for tests and benchmarks, which must not write into the working tree.
 */
export async function packGenerator(destination: string): Promise<PackInfo & { tarball: string }> {
  const staging = mkdtempSync(join(REPO_ROOT, ".cache/generator-pack-"));
  try {
    for (const entry of GENERATOR_SOURCES) cpSync(join(REPO_ROOT, entry), join(staging, entry), { recursive: true });
    const { tarball, info } = await packFolder(staging, destination, { scripts: true });
    return { ...info, tarball };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A fresh empty project (`private`, no dependencies) in a new folder under `parent`, with
 * `tarballs` installed from their files, as users install them. `offline` (default) allows no
 * registry at all — right when every dependency is among the tarballs; "prefer-offline" takes
 * the other dependencies from the npm cache, asking the registry only for what it lacks.
 */
export async function installTarballs(
  parent: string,
  tarballs: string[],
  options: { offline?: boolean | "prefer-offline"; type?: "module" | "commonjs"; env?: NodeJS.ProcessEnv } = {},
): Promise<{ project: string; result: RunResult }> {
  mkdirSync(parent, { recursive: true });
  const project = mkdtempSync(join(parent, "project-"));
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "consumer", version: "0.0.0", private: true, ...(options.type ? { type: options.type } : {}) }, null, 2)}\n`);
  const mode = options.offline === "prefer-offline" ? ["--prefer-offline"] : options.offline === false ? [] : ["--offline"];
  const result = await run("npm", ["install", ...mode, "--no-audit", "--no-fund", "--ignore-scripts", ...tarballs], { cwd: project, env: options.env ?? npmEnv() });
  return { project, result };
}

/** Extracts a tarball (`tar`, as on every CI runner) into `destination`; returns the package folder (`package/`) and its files, posix paths, sorted. */
export async function extractTarball(tarball: string, destination: string): Promise<{ dir: string; files: string[] }> {
  mkdirSync(destination, { recursive: true });
  const result = await run("tar", ["-xzf", tarball, "-C", destination]);
  if (result.code !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${result.stderr}`);
  const dir = join(destination, "package");
  const files = (readdirSync(dir, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  return { dir, files };
}
