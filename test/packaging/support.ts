// Shared by the packaging tests: the generated packages (from the vitest globalSetup, under
// .cache/test-packages), `npm pack`, and small process helpers.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";
import { packFolder, run } from "../../scripts/packaging.js";

export const TEST_PACKAGES = join(REPO_ROOT, ".cache/test-packages");
export const BIN = {
  tsc59: join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
  tsc7: join(REPO_ROOT, "node_modules/typescript7/bin/tsc"),
  attw: join(REPO_ROOT, "node_modules/@arethetypeswrong/cli/dist/index.js"),
};

// run, npmEnv and pool are the release command's too (scripts/packaging.ts): one copy.
export { installTarballs, npmEnv, packGenerator, pool, run, type PackInfo, type RunResult } from "../../scripts/packaging.js";

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
  return (await packFolder(pkg.dir, destination)).tarball;
}

/** publint's messages on a tarball (every level, strict), one "type: text" line each. */
export async function publintMessages(tarballPath: string): Promise<string[]> {
  const bytes = readFileSync(tarballPath);
  const result = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, level: "suggestion", strict: true });
  return result.messages.map((m) => `${m.type}: ${formatMessage(m, result.pkg, { color: false }) ?? m.code}`);
}

export interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/**
 * arethetypeswrong on a tarball with a profile: its exit code, its entry points, and every
 * problem its JSON lists — those of the resolutions the profile ignores included.
 */
export async function arethetypeswrong(tarballPath: string, profile: "strict" | "node16" | "esm-only"): Promise<{ code: number; entrypoints: string[]; problems: AttwProblem[] }> {
  const result = await run(process.execPath, [BIN.attw, "--format", "json", "--profile", profile, tarballPath]);
  const json = JSON.parse(result.stdout) as { analysis: { entrypoints: Record<string, unknown> }; problems: unknown };
  const problems = (Array.isArray(json.problems) ? json.problems : Object.values(json.problems ?? {}).flat()) as AttwProblem[];
  return { code: result.code, entrypoints: Object.keys(json.analysis.entrypoints), problems };
}
