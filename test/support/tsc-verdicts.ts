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
  const sources: Record<string, string> = {};
  documents.forEach(({ pkg, value }, i) => {
    const object = (value ?? {}) as { apiVersion?: unknown; kind?: unknown };
    const type = `ResourceOf<${JSON.stringify(String(object.apiVersion))}, ${JSON.stringify(String(object.kind))}>`;
    sources[`verdict-${i}.ts`] = `import type { ResourceOf } from "${pkg}";\nexport const d: ${type} = ${toLiteral(value).text};\n`;
  });
  const failing = new Set<string>();
  for (const diagnostic of typecheck(project, sources)) {
    const name = basename(diagnostic.file);
    if (!/^verdict-\d+\.ts$/.test(name)) throw new Error(`diagnostic outside the documents: ${diagnostic.file}:${diagnostic.line + 1} ${diagnostic.message}`);
    failing.add(name);
  }
  return documents.map((_, i) => !failing.has(`verdict-${i}.ts`));
}
