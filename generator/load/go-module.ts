// A pinned document that also ships inside a Go module (api/openapi-spec/swagger.json of
// k8s.io/kubernetes): read from the Go module cache, or brought into it by
// `go mod download`. The caller verifies the sha256 either way.
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";

export interface GoModuleSource {
  /** Module path, e.g. "k8s.io/kubernetes". */
  path: string;
  /** Module version, e.g. "v1.37.2". */
  version: string;
  /** The document's path inside the module, e.g. "api/openapi-spec/swagger.json". */
  file: string;
}

/** The module zip is large (the whole kubernetes tree); go has its own network timeouts. */
const GO_DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** Go's module cache writes upper-case letters as "!" + lower case (golang.org/x/mod/module.EscapePath). */
export function escapeModulePath(text: string): string {
  return text.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** Where the source's file lies under a module cache root. */
export function goModuleFile(cacheRoot: string, source: GoModuleSource): string {
  return join(cacheRoot, `${escapeModulePath(source.path)}@${escapeModulePath(source.version)}`, source.file);
}

/** The module cache root as go reports it, else as go would default it ($GOMODCACHE, $GOPATH[0]/pkg/mod, $HOME/go/pkg/mod). */
export function goModuleCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const reported = goEnv("GOMODCACHE", env);
  if (reported) return reported;
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = env.GOPATH?.split(delimiter).find(Boolean) ?? join(env.HOME ?? homedir(), "go");
  return join(gopath, "pkg", "mod");
}

function goEnv(name: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync("go", ["env", name], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 }).trim() || undefined;
  } catch {
    return undefined; // no go on PATH, or a go that cannot answer: fall back to go's defaults
  }
}

/** The source's file in the Go module cache, or a note of where it was looked for. */
export function findInGoModuleCache(source: GoModuleSource, env: NodeJS.ProcessEnv = process.env): { file: string } | { looked: string } {
  const file = goModuleFile(goModuleCacheRoot(env), source);
  return existsSync(file) ? { file } : { looked: `${file} (Go module cache)` };
}

/** Runs `go mod download -json <path>@<version>`: the module's folder, or why there is none. */
export async function goModDownload(source: GoModuleSource, env: NodeJS.ProcessEnv = process.env): Promise<{ dir: string } | { failed: string }> {
  const command = `go mod download ${source.path}@${source.version}`;
  // Outside any Go module or workspace, so no go.mod or go.work nearby is read or changed.
  const options = { cwd: tmpdir(), env: { ...env, GOWORK: "off" }, timeout: GO_DOWNLOAD_TIMEOUT_MS, maxBuffer: 1 << 20 };
  const result = await new Promise<{ stdout: string; error: (Error & { code?: unknown }) | null }>((resolve) =>
    execFile("go", ["mod", "download", "-json", `${source.path}@${source.version}`], options, (error, stdout) => resolve({ stdout, error })),
  );
  if (result.error?.code === "ENOENT") return { failed: `${command} (go is not on PATH)` };
  const answer = parseGoAnswer(result.stdout);
  if (!result.error && answer.Dir) return { dir: answer.Dir };
  return { failed: `${command} (failed: ${answer.Error ?? result.error?.message ?? "its answer has no Dir"})` };
}

/** go prints its JSON answer, with an "Error" field when it failed, on stdout. */
function parseGoAnswer(stdout: string): { Dir?: string; Error?: string } {
  try {
    return JSON.parse(stdout) as { Dir?: string; Error?: string };
  } catch {
    return {};
  }
}
