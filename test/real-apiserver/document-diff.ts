// Where two OpenAPI v2 documents differ: definitions and paths added or removed, and for each
// definition both have, the JSON pointers whose values differ — told apart into description
// text and everything else, since a patch release often only rewords.
import type { SwaggerDocument } from "../../generator/spec-types.js";

export interface DefinitionChange {
  name: string;
  /** Pointers (inside the definition) whose values differ, other than `description`s. */
  schema: string[];
  /** Pointers of `description`s that differ. */
  descriptions: string[];
}

export interface DocumentDiff {
  definitionsAdded: string[];
  definitionsRemoved: string[];
  definitionsChanged: DefinitionChange[];
  pathsAdded: string[];
  pathsRemoved: string[];
  /** Paths both documents have whose operations differ (description text ignored). */
  pathsChanged: string[];
}

const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Pointers under `at` where `a` and `b` differ, leaves only (a missing key counts as a difference). */
export function differingPointers(a: unknown, b: unknown, at = ""): string[] {
  if (a === b) return [];
  const bothObjects = typeof a === "object" && a !== null && typeof b === "object" && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const key of [...keys].sort()) {
    out.push(...differingPointers((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${escape(key)}`));
  }
  return out;
}

const isDescription = (pointer: string) => pointer.endsWith("/description");

export function diffDocuments(from: SwaggerDocument, to: SwaggerDocument): DocumentDiff {
  const names = (o: object | undefined) => new Set(Object.keys(o ?? {}));
  const fromDefs = names(from.definitions);
  const toDefs = names(to.definitions);
  const fromPaths = names(from.paths);
  const toPaths = names(to.paths);
  const definitionsChanged: DefinitionChange[] = [];
  for (const name of [...fromDefs].filter((n) => toDefs.has(n)).sort()) {
    const pointers = differingPointers(from.definitions[name], to.definitions[name]);
    if (pointers.length === 0) continue;
    definitionsChanged.push({ name, schema: pointers.filter((p) => !isDescription(p)), descriptions: pointers.filter(isDescription) });
  }
  const pathsChanged = [...fromPaths]
    .filter((p) => toPaths.has(p))
    .filter((p) => differingPointers(from.paths[p], to.paths[p]).some((pointer) => !isDescription(pointer)))
    .sort();
  return {
    definitionsAdded: [...toDefs].filter((n) => !fromDefs.has(n)).sort(),
    definitionsRemoved: [...fromDefs].filter((n) => !toDefs.has(n)).sort(),
    definitionsChanged,
    pathsAdded: [...toPaths].filter((p) => !fromPaths.has(p)).sort(),
    pathsRemoved: [...fromPaths].filter((p) => !toPaths.has(p)).sort(),
    pathsChanged,
  };
}
