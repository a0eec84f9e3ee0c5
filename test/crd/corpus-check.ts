// Checks custom-resource instances against a generated CRD package with the real
// TypeScript compiler: one generated `.ts` file per document (`const x: Kind = <literal>`),
// one tsc run for all of them, every error mapped back to the JSON path in the document.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { parseManifests } from "../../generator/crd/read-manifests.js";
import { REPO_ROOT } from "../../generator/load/pinned-specs.js";

export const CORPUS = join(REPO_ROOT, "../shared/corpus");
export const CRDS = join(CORPUS, "crds");
export const EXAMPLES = join(CRDS, "examples");
const TSC = join(REPO_ROOT, "node_modules/.bin/tsc");

/** The CRD folders of the corpus (every project folder but examples/). */
export function corpusCrdFolders(): string[] {
  return readdirSync(CRDS)
    .filter((name) => name !== "examples")
    .sort()
    .map((name) => join(CRDS, name));
}

export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

export interface Instance {
  /** Corpus-relative path, as SOURCES.md names it. */
  file: string;
  index: number;
  apiVersion: string;
  kind: string;
  value: Record<string, unknown>;
}

/** Every document of the example files, read as kubectl reads YAML. */
export function readInstances(dir = EXAMPLES): Instance[] {
  return yamlFiles(dir).flatMap((path) =>
    parseManifests(readFileSync(path, "utf8"), path).map((doc) => {
      const value = doc.value as Record<string, unknown>;
      return { file: relative(CORPUS, path), index: doc.index, apiVersion: String(value.apiVersion), kind: String(value.kind), value };
    }),
  );
}

export interface KnownMismatch {
  file: string;
  index: number;
  /** "spec.schedule" (unknown field), or "" with `unserved` for a version the CRD does not serve. */
  path: string;
  what: "unknown field" | "not served";
}

/** The "Known mismatches against the corpus CRDs" list of SOURCES.md. */
export function knownMismatches(sources = readFileSync(join(CORPUS, "SOURCES.md"), "utf8")): KnownMismatch[] {
  const section = sources.split("Known mismatches against the corpus CRDs")[1]!.split("\n## ")[0]!;
  const out: KnownMismatch[] = [];
  for (const line of section.split("\n")) {
    const m = /^- `([^`]+)`: (.*)$/.exec(line);
    if (!m) continue;
    for (const item of m[2]!.split("; ")) {
      const unknown = /^#(\d+):[A-Za-z]+\.(\S+) unknown field$/.exec(item);
      const unserved = /^#(\d+):[A-Za-z]+ version \S+ is not served by the CRD$/.exec(item);
      if (unknown) out.push({ file: m[1]!, index: Number(unknown[1]), path: unknown[2]!, what: "unknown field" });
      else if (unserved) out.push({ file: m[1]!, index: Number(unserved[1]), path: "", what: "not served" });
      else throw new Error(`SOURCES.md: cannot read the mismatch "${item}"`);
    }
  }
  return out;
}

export interface ResourceEntry {
  apiVersion: string;
  kind: string;
  importPath: string;
  exportName: string;
}

/**
 * TypeScript text of `value` with one property or array element per line (like
 * JSON.stringify(_, null, 2)); `paths[i]` is the JSON path written on line i+1.
 */
export function literalWithPaths(value: unknown, firstLine: string, paths: string[]): string {
  const lines: string[] = [];
  const write = (v: unknown, path: string, prefix: string, indent: string, suffix: string) => {
    if (Array.isArray(v) && v.length > 0) {
      lines.push(`${indent}${prefix}[`);
      paths.push(path);
      v.forEach((item, i) => write(item, `${path}[${i}]`, "", `${indent}  `, i < v.length - 1 ? "," : ""));
      lines.push(`${indent}]${suffix}`);
      paths.push(path);
    } else if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0) {
      lines.push(`${indent}${prefix}{`);
      paths.push(path);
      const entries = Object.entries(v);
      entries.forEach(([key, item], i) => write(item, path ? `${path}.${key}` : key, `${JSON.stringify(key)}: `, `${indent}  `, i < entries.length - 1 ? "," : ""));
      lines.push(`${indent}}${suffix}`);
      paths.push(path);
    } else {
      lines.push(`${indent}${prefix}${v === undefined ? "undefined" : Number.isNaN(v) ? "NaN" : JSON.stringify(v) ?? "null"}${suffix}`);
      paths.push(path);
    }
  };
  write(value, "", firstLine, "", ";");
  return lines.join("\n");
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export function parseTscOutput(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) out.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]), code: m[4]!, message: m[5]! });
  }
  return out;
}

/** A temporary TypeScript project with node_modules/<name> symlinks to generated packages. */
export function makeProject(dir: string, packages: Record<string, string>): void {
  for (const [name, target] of Object.entries(packages)) {
    const link = join(dir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, "dir");
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, types: [] },
      include: ["checks/**/*.ts"],
    }),
  );
}

/** A file with one deliberate error, compiled in every run: a run that does not report it did not check anything. */
const CONTROL_FILE = "tsc-control.ts";
const CONTROL_TEXT = 'export const control: number = "not a number";\n';

/**
 * Runs tsc on `dir/tsconfig.json`, plus a control file with a deliberate error. Throws when the
 * run says nothing usable: tsc did not start, the control's error is missing (a config error),
 * an error has no location, or none of the tsconfig's own files was checked (its include matched
 * nothing). The control's own diagnostic is not returned.
 */
export async function runTsc(dir: string, tsc = TSC): Promise<{ diagnostics: Diagnostic[]; output: string }> {
  const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")) as { files?: string[] };
  writeFileSync(join(dir, CONTROL_FILE), CONTROL_TEXT);
  writeFileSync(join(dir, "tsconfig.control.json"), JSON.stringify({ ...tsconfig, files: [...(tsconfig.files ?? []), CONTROL_FILE] }));
  const { output: raw, exitCode } = await promisify(execFile)(tsc, ["-p", join(dir, "tsconfig.control.json"), "--pretty", "false", "--listFiles"], { cwd: dir, maxBuffer: 64 << 20 }).then(
    (r) => ({ output: r.stdout, exitCode: 0 as number | string }),
    (error: { stdout?: string; stderr?: string; code?: number | string }) => ({ output: `${error.stdout ?? ""}${error.stderr ?? ""}` || String(error), exitCode: error.code ?? "unknown" }),
  );
  // --listFiles names every file of the program (absolute paths): the caller's own files must be among them.
  const listed = raw.split("\n").filter((line) => line.startsWith("/") && !/\): error TS\d+: /.test(line));
  const output = raw.split("\n").filter((line) => !listed.includes(line)).join("\n");
  const own = listed.filter((file) => file.startsWith(`${dir}/`) && !file.includes("/node_modules/") && file !== join(dir, CONTROL_FILE));
  const all = parseTscOutput(output);
  if (exitCode !== 0 && all.length === 0) throw new Error(`tsc failed (exit ${exitCode}) and reported no located error:\n${output.slice(0, 2000)}`);
  const unlocated = output.split("\n").filter((line) => /\berror TS\d+: /.test(line) && !/^.+?\(\d+,\d+\): error TS\d+: /.test(line));
  if (unlocated.length > 0) throw new Error(`tsc reported errors without a location:\n${unlocated.join("\n")}`);
  const config = all.filter((d) => /(^|\/)tsconfig[^/]*\.json$/.test(d.file));
  if (config.length > 0) throw new Error(`tsc reported a configuration error:\n${config.map((d) => d.message).join("\n")}`);
  const control = all.filter((d) => d.file === CONTROL_FILE);
  if (control.length !== 1 || control[0]!.code !== "TS2322") throw new Error(`tsc did not report the control file's deliberate error:\n${output.slice(0, 2000)}`);
  if (own.length === 0) throw new Error(`tsc checked none of the files of ${join(dir, "tsconfig.json")} (its include matches nothing)`);
  return { diagnostics: all.filter((d) => d.file !== CONTROL_FILE), output };
}

/** Where a diagnostic points: the document's JSON path, or "" for the document itself. */
export function diagnosticPath(diagnostic: Diagnostic, paths: string[]): string {
  return paths[diagnostic.line - 1] ?? "?";
}
