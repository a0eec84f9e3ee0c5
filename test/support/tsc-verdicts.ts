// The TypeScript verdict on manifests: each document becomes `const d: ResourceOf<apiVersion,
// kind> = <document>` in a file of its own, against the package that should type it, and all
// files are type-checked in one compiler run (strict, exactOptionalPropertyTypes, excess
// property checks) — the check the corpus tests make, one verdict per document.
import { basename } from "node:path";
import { toLiteral } from "./literal.js";
import { typecheck } from "./typecheck.js";

export interface TypedDocument {
  /** The package whose root exports ResourceOf for the document's kind. */
  pkg: string;
  value: unknown;
}

/** For each document, whether it type-checks. Diagnostics outside the documents' files fail the call. */
export function tscVerdicts(project: string, documents: TypedDocument[]): boolean[] {
  return tscDiagnostics(project, documents).map((diagnostics) => diagnostics.length === 0);
}

/**
 * For each document, its diagnostics as "<field path>: <first line of the message>" (none: it
 * type-checks). Diagnostics outside the documents' files fail the call.
 */
export function tscDiagnostics(project: string, documents: TypedDocument[]): string[][] {
  const sources: Record<string, string> = {};
  const paths: string[][] = [];
  documents.forEach(({ pkg, value }, i) => {
    const object = (value ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const type = `ResourceOf<${JSON.stringify(String(object.apiVersion))}, ${JSON.stringify(String(object.kind))}>`;
    const literal = toLiteral(value);
    sources[`verdict-${i}.ts`] = `import type { ResourceOf } from "${pkg}";\nexport const d: ${type} = ${literal.text};\n`;
    paths.push(literal.paths);
  });
  const found: string[][] = documents.map(() => []);
  for (const diagnostic of typecheck(project, sources)) {
    const m = /^verdict-(\d+)\.ts$/.exec(basename(diagnostic.file));
    if (!m) throw new Error(`diagnostic outside the documents: ${diagnostic.file}:${diagnostic.line + 1} ${diagnostic.message}`);
    const i = Number(m[1]);
    // Line 0 is the import; the literal starts on line 1.
    found[i]!.push(`${paths[i]![diagnostic.line - 1] ?? "?"}: ${diagnostic.message.split("\n")[0]}`);
  }
  return found;
}
