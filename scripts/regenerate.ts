// Regeneration check, run by CI (`npm run regen:check`) and by whoever changes the generator
// (`npm run regen:update`):
//
//   1. generates every pinned Kubernetes version (and @k8s-openapi-ts/stable) through the real
//      CLI, from the mirror or the pinned addresses, into a fresh temporary folder — twice;
//   2. checks determinism: the two runs must be byte-identical;
//   3. compares the output with the committed lock, generated-types/lock.json: per package a
//      hash per file and a hash per top-level declaration of every .d.ts ("definitions"), so
//      a change shows up as a readable summary — which packages, which definitions were
//      added / removed / changed, which other files changed.
//
//   npx tsx scripts/regenerate.ts            check (exit 1 on any difference)
//   npx tsx scripts/regenerate.ts --update   rewrite the lock (still checks determinism)
//   options: --mirror <dir> (passed to the CLI), --keep (leave the temporary output on disk)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";

export const LOCK_PATH = join(REPO_ROOT, "generated-types/lock.json");
const LOCK_FORMAT = 1;

export interface PackageLock {
  name: string;
  version: string;
  /** sha256 over every file (path and bytes, sorted by path). */
  sha256: string;
  /** path → sha256 (first 16 hex digits) of every file. */
  files: Record<string, string>;
  /** "<module>.<ExportName>" → sha256 (first 16 hex digits) of every top-level declaration of that name in the module's index.d.ts. */
  definitions: Record<string, string>;
}

export interface Lock {
  $comment: string;
  format: number;
  /** package folder (v1.XX of each pin, stable) → its lock. */
  packages: Record<string, PackageLock>;
}

const short = (data: string | Buffer) => createHash("sha256").update(data).digest("hex").slice(0, 16);

/** Every file of a folder by relative path (posix separators), sorted. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join("/"), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** The top-level declarations of a .d.ts by exported name (an interface and a const of one name hash together). */
/** The text of each top-level declaration of a .d.ts file by name; JSDoc included unless `comments` is false. */
export function declarationTexts(path: string, text: string, comments = true): Map<string, string> {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const printer = comments ? undefined : ts.createPrinter({ removeComments: true });
  const byName = new Map<string, string[]>();
  for (const statement of source.statements) {
    const names: string[] = [];
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
    const statementText = printer ? printer.printNode(ts.EmitHint.Unspecified, statement, source) : statement.getFullText(source).trim();
    for (const name of names) byName.set(name, [...(byName.get(name) ?? []), statementText]);
  }
  return new Map([...byName].map(([name, texts]) => [name, texts.join("\n")]));
}

/** Short hashes of {@link declarationTexts}. JSDoc is part of the full text: a changed description is a changed definition. */
export function declarationHashes(path: string, text: string): Map<string, string> {
  return new Map([...declarationTexts(path, text)].map(([name, full]) => [name, short(full)]));
}

export function lockPackage(dir: string): PackageLock {
  const files = readTree(dir);
  const pkg = JSON.parse(files.get("package.json")?.toString("utf8") ?? "{}") as { name?: string; version?: string };
  const whole = createHash("sha256");
  const fileHashes: Record<string, string> = {};
  const definitions: Record<string, string> = {};
  for (const [path, bytes] of files) {
    whole.update(path).update("\0").update(bytes).update("\0");
    fileHashes[path] = short(bytes);
    if (path.endsWith("index.d.ts")) {
      const module = path === "index.d.ts" ? "." : path.slice(0, -"/index.d.ts".length);
      for (const [name, hash] of declarationHashes(path, bytes.toString("utf8"))) definitions[`${module}.${name}`] = hash;
    }
  }
  return { name: pkg.name ?? "?", version: pkg.version ?? "?", sha256: whole.digest("hex"), files: fileHashes, definitions };
}

/** The package folders of a generate-all output (stamps and other dot-files are not packages). */
export function packageFolders(out: string): string[] {
  return readdirSync(out)
    .filter((f) => !f.startsWith(".") && existsSync(join(out, f, "package.json")))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export function lockOf(out: string): Lock {
  const packages: Record<string, PackageLock> = {};
  for (const folder of packageFolders(out)) packages[folder] = lockPackage(join(out, folder));
  return {
    $comment: "Content hashes of the generated packages (npm run generate). Checked by `npm run regen:check` in CI; rewrite with `npm run regen:update` and commit with the generator change.",
    format: LOCK_FORMAT,
    packages,
  };
}

function listed(label: string, items: string[], limit = 40): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, limit).join(", ");
  return [`    ${label} (${items.length}): ${shown}${items.length > limit ? `, … and ${items.length - limit} more` : ""}`];
}

/** A readable summary of how `actual` differs from `expected`; empty when they are the same. */
export function diffLocks(expected: Lock, actual: Lock): string[] {
  const lines: string[] = [];
  const folders = [...new Set([...Object.keys(expected.packages), ...Object.keys(actual.packages)])].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  for (const folder of folders) {
    const e = expected.packages[folder];
    const a = actual.packages[folder];
    if (!e) {
      lines.push(`${folder}: package added (${a!.name}@${a!.version}, ${Object.keys(a!.definitions).length} definitions)`);
      continue;
    }
    if (!a) {
      lines.push(`${folder}: package removed (was ${e.name}@${e.version})`);
      continue;
    }
    if (e.sha256 === a.sha256) continue;
    const keys = (x: Record<string, string>, y: Record<string, string>) => Object.keys(x).filter((k) => !(k in y)).sort();
    const changed = (x: Record<string, string>, y: Record<string, string>) => Object.keys(x).filter((k) => k in y && x[k] !== y[k]).sort();
    const defsAdded = keys(a.definitions, e.definitions);
    const defsRemoved = keys(e.definitions, a.definitions);
    const defsChanged = changed(a.definitions, e.definitions);
    const filesAdded = keys(a.files, e.files);
    const filesRemoved = keys(e.files, a.files);
    const filesChanged = changed(a.files, e.files);
    const header = [`${folder} (${a.name}${e.version !== a.version ? ` ${e.version} → ${a.version}` : `@${a.version}`}):`];
    header.push(`definitions +${defsAdded.length} −${defsRemoved.length} ~${defsChanged.length}; files +${filesAdded.length} −${filesRemoved.length} ~${filesChanged.length}`);
    lines.push(header.join(" "));
    lines.push(...listed("definitions added", defsAdded), ...listed("definitions removed", defsRemoved), ...listed("definitions changed", defsChanged));
    lines.push(...listed("files added", filesAdded), ...listed("files removed", filesRemoved), ...listed("files changed", filesChanged));
  }
  return lines;
}

/** Byte differences between two output folders (determinism). */
export function compareTrees(a: string, b: string): string[] {
  const ta = readTree(a);
  const tb = readTree(b);
  const differences: string[] = [];
  for (const path of new Set([...ta.keys(), ...tb.keys()])) {
    if (path.startsWith(".")) continue; // stamps of the output cache beside the package folders
    const x = ta.get(path);
    const y = tb.get(path);
    if (!x || !y) differences.push(`${path}: only in run ${x ? 1 : 2}`);
    else if (!x.equals(y)) differences.push(`${path}: differs`);
  }
  return differences.sort();
}

const CLI = join(REPO_ROOT, "generator/runner/bin.mjs");

/** Extra flags for the second run: one thread when the CLI generates in parallel, so that ordering bugs show up as differences. */
function secondRunFlags(): string[] {
  const help = spawnSync(process.execPath, [CLI, "generate-all", "--help"], { encoding: "utf8" });
  return /--jobs\b/.test(help.stdout ?? "") ? ["--jobs", "1"] : [];
}

function generate(out: string, mirror: string | undefined, extra: string[]): number {
  const started = performance.now();
  const args = [CLI, "generate-all", "--out", out, ...(mirror ? ["--mirror", mirror] : []), ...extra];
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) throw new Error(`generate-all failed (exit ${result.status ?? result.signal})`);
  return (performance.now() - started) / 1000;
}

export function main(argv: string[]): number {
  const update = argv.includes("--update");
  const keep = argv.includes("--keep");
  const mirrorAt = argv.indexOf("--mirror");
  const mirror = mirrorAt >= 0 ? argv[mirrorAt + 1] : undefined;
  const unknown = argv.filter((a, i) => !["--update", "--check", "--keep", "--mirror"].includes(a) && !(mirrorAt >= 0 && i === mirrorAt + 1));
  if (unknown.length > 0 || (mirrorAt >= 0 && !mirror)) {
    console.error(`usage: npx tsx scripts/regenerate.ts [--check | --update] [--mirror <dir>] [--keep]\nunknown arguments: ${unknown.join(" ")}`);
    return 2;
  }
  const tmp = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-regen-"));
  try {
    const runs = [join(tmp, "run-1"), join(tmp, "run-2")];
    const flags = [[], secondRunFlags()];
    const seconds = runs.map((out, i) => {
      console.log(`\n== regeneration ${i + 1} of 2 → ${out}${flags[i]!.length ? ` (${flags[i]!.join(" ")})` : ""}`);
      return generate(out, mirror, flags[i]!);
    });
    console.log(`\ngenerated twice in ${seconds.map((s) => `${s.toFixed(1)} s`).join(" and ")}`);

    const differences = compareTrees(runs[0]!, runs[1]!);
    if (differences.length > 0) {
      console.error(`NOT DETERMINISTIC: two runs of the generator differ in ${differences.length} files:`);
      for (const d of differences.slice(0, 50)) console.error(`  ${d}`);
      return 1;
    }
    console.log("deterministic: both runs are byte-identical");

    const actual = lockOf(runs[0]!);
    const summary = Object.values(actual.packages).map((p) => `${p.name}@${p.version} (${Object.keys(p.files).length} files, ${Object.keys(p.definitions).length} definitions)`);
    const expected = existsSync(LOCK_PATH) ? (JSON.parse(readFileSync(LOCK_PATH, "utf8")) as Lock) : undefined;
    const changes = expected ? diffLocks(expected, actual) : [`no lock at ${relative(REPO_ROOT, LOCK_PATH)}`];

    if (update) {
      writeFileSync(LOCK_PATH, `${JSON.stringify(actual, null, 2)}\n`);
      console.log(`wrote ${relative(REPO_ROOT, LOCK_PATH)}: ${summary.join("; ")}`);
      if (changes.length > 0) console.log(`changes from the previous lock:\n${changes.join("\n")}`);
      else console.log("no change from the previous lock");
      return 0;
    }
    if (changes.length > 0) {
      console.error(`\nThe generated output differs from ${relative(REPO_ROOT, LOCK_PATH)}:\n${changes.join("\n")}`);
      console.error("\nIf the change is intended, run `npm run regen:update` and commit generated-types/lock.json with it.");
      return 1;
    }
    console.log(`matches ${relative(REPO_ROOT, LOCK_PATH)}: ${summary.join("; ")}`);
    return 0;
  } finally {
    if (keep) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
