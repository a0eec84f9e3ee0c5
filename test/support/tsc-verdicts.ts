// The TypeScript verdict on manifests: each document becomes `const d: ResourceOf<apiVersion,
// kind> = <document>` in a file of its own, against the package that should type it, and all
// files are type-checked in one compiler run (strict, exactOptionalPropertyTypes, excess
// property checks) — the check the corpus tests make, one verdict per document.
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { runTsc } from "../crd/corpus-check.js";
import { toLiteral } from "./literal.js";
import { STRICT_OPTIONS, typecheck } from "./typecheck.js";

export interface TypedDocument {
  /** The package whose root exports ResourceOf for the document's kind. */
  pkg: string;
  value: unknown;
}

/** For each document, whether it type-checks. Diagnostics outside the documents' files fail the call. */
export function tscVerdicts(project: string, documents: TypedDocument[]): boolean[] {
  return tscDiagnostics(project, documents).map((diagnostics) => diagnostics.length === 0);
}

/** The file per document (`verdict-<i>.ts`) and, per document, the JSON path of each line of its literal. */
function verdictSources(documents: TypedDocument[]): { sources: Record<string, string>; paths: string[][] } {
  const sources: Record<string, string> = {};
  const paths: string[][] = [];
  documents.forEach(({ pkg, value }, i) => {
    const object = (value ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const type = `ResourceOf<${JSON.stringify(String(object.apiVersion))}, ${JSON.stringify(String(object.kind))}>`;
    const literal = toLiteral(value);
    sources[`verdict-${i}.ts`] = `import type { ResourceOf } from "${pkg}";\nexport const d: ${type} = ${literal.text};\n`;
    paths.push(literal.paths);
  });
  return { sources, paths };
}

/** Hands a diagnostic (0-based line; the literal starts on line 1) to its document as "<field path>: <message>". */
function attribute(found: string[][], paths: string[][], file: string, line: number, message: string): void {
  const m = /^verdict-(\d+)\.ts$/.exec(basename(file));
  if (!m) throw new Error(`diagnostic outside the documents: ${file}:${line + 1} ${message}`);
  const i = Number(m[1]);
  found[i]!.push(`${paths[i]![line - 1] ?? "?"}: ${message.split("\n")[0]}`);
}

/**
 * For each document, its diagnostics as "<field path>: <first line of the message>" (none: it
 * type-checks). Diagnostics outside the documents' files fail the call.
 */
export function tscDiagnostics(project: string, documents: TypedDocument[]): string[][] {
  const { sources, paths } = verdictSources(documents);
  const found: string[][] = documents.map(() => []);
  for (const d of typecheck(project, sources)) attribute(found, paths, d.file, d.line, d.message);
  return found;
}

/**
 * The same check, with the same compiler options, run by the `tsc` command in a child process
 * (runTsc), so this process stays free to serve its event loop meanwhile (a test talking to a
 * server while the compiler runs).
 */
export async function tscDiagnosticsInChild(project: string, documents: TypedDocument[]): Promise<string[][]> {
  const { sources, paths } = verdictSources(documents);
  for (const [name, text] of Object.entries(sources)) writeFileSync(join(project, name), text);
  const { strict, exactOptionalPropertyTypes, skipLibCheck } = STRICT_OPTIONS;
  const compilerOptions = { strict, exactOptionalPropertyTypes, skipLibCheck, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", types: [] };
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, files: Object.keys(sources) }));
  const { diagnostics, output } = await runTsc(project);
  if (diagnostics.length === 0 && output.trim() !== "") throw new Error(`tsc failed without diagnostics: ${output.slice(0, 2000)}`);
  const found: string[][] = documents.map(() => []);
  // tsc prints 1-based lines.
  for (const d of diagnostics) attribute(found, paths, d.file, d.line - 1, d.message);
  return found;
}
