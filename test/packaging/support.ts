// Shared by the packaging tests: the generated packages (from the vitest globalSetup, under
// .cache/test-packages), `npm pack`, and small process helpers.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
export const BIN = {
  tsc59: join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
  tsc7: join(REPO_ROOT, "node_modules/typescript7/bin/tsc"),
  attw: join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"),
};

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

/** npm without the environment `npm test` leaves behind (npm_config_*, npm_package_*), so it acts as for a user. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

export interface GeneratedPackage {
  /** Folder under .cache/test-packages, e.g. "v1.28" or "stable". */
  folder: string;
  dir: string;
  name: string;
  version: string;
}

/** Every generated package: the Kubernetes minors in order, then the stable entry. */
export function generatedPackages(): GeneratedPackage[] {
  const folders = readdirSync(TEST_PACKAGES).filter((f) => existsSync(join(TEST_PACKAGES, f, "package.json")));
  const minors = folders.filter((f) => /^v\d+\.\d+$/.test(f)).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
  return [...minors, ...folders.filter((f) => f === "stable")].map((folder) => {
    const dir = join(TEST_PACKAGES, folder);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
    return { folder, dir, name: pkg.name, version: pkg.version };
  });
}

export function generatedPackage(folder: string): GeneratedPackage {
  const found = generatedPackages().find((p) => p.folder === folder);
  if (!found) throw new Error(`no generated package ${folder} under ${TEST_PACKAGES}`);
  return found;
}

/** `npm pack` as a publisher runs it; returns the tarball's path. */
export async function npmPack(pkg: GeneratedPackage, destination: string): Promise<string> {
  const result = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", destination], { cwd: pkg.dir, env: npmEnv() });
  if (result.code !== 0) throw new Error(`npm pack ${pkg.name} failed:\n${result.stderr}`);
  const [info] = JSON.parse(result.stdout) as { filename: string }[];
  return join(destination, info!.filename);
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

export interface PackInfo {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** What the generator package is built from: copied, so its prepack never writes dist/ into the working tree. */
const GENERATOR_SOURCES = ["package.json", "README.md", "LICENSE", "generator", "specs", "client/src", "client/package.json"];

/**
 * `npm pack` of the generator (`k8s-openapi-ts`) as a publisher runs it, prepack included
 * (it builds dist/), from a copy inside the repository (so the build finds esbuild and
 * typescript in node_modules). Returns the tarball's path and npm's description of it.
 */
export async function packGenerator(destination: string): Promise<PackInfo & { tarball: string }> {
  const staging = mkdtempSync(join(REPO_ROOT, ".cache/generator-pack-"));
  try {
    for (const entry of GENERATOR_SOURCES) cpSync(join(REPO_ROOT, entry), join(staging, entry), { recursive: true });
    const packed = await run("npm", ["pack", "--json", "--pack-destination", destination], { cwd: staging, env: npmEnv() });
    if (packed.code !== 0) throw new Error(`npm pack of the generator failed:\n${packed.stderr}`);
    const info = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as PackInfo[])[0]!;
    return { ...info, tarball: join(destination, info.filename) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
