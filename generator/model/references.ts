// Stage 4, model: what each definition's declaration will refer to, checked before anything is
// emitted, so the generator never writes a package that does not type-check:
//
//   - every name an emitted file refers to is declared in it or imported: each `$ref`, each
//     definition a special type names (special-cases.ts), ObjectMeta for an embedded resource,
//     and the definitions the meta/v1 helper types refer to (HELPER_MODULE_NEEDS: ListMeta);
//   - no type alias is its own definition: `ObjectMeta: { $ref: ObjectMeta }` would be
//     `type ObjectMeta = ObjectMeta`, and A → B → A the same with two names (tsc: TS2456).
//
// The walk follows the emitter's own rules (shapeOf, objectLayout in emit/schema-to-type.ts),
// so it sees exactly the references schemaToType will write.
import { GeneratorError, jsonPointer } from "../errors.js";
import { objectLayout, shapeOf } from "../emit/schema-to-type.js";
import { HELPER_MODULE, HELPER_MODULE_NEEDS, specialTypeReferences } from "../special-cases.js";
import type { Schema } from "../spec-types.js";
import { refName } from "./names.js";

const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/** What the check reads of a definition: a build-model.ts DefinitionModel (not imported, so the two modules form no cycle). */
export interface CheckedDefinition {
  name: string;
  module: string;
  role: "type" | "resource" | "list" | "special";
  schema: Schema;
}

export interface Reference {
  /** The definition referred to (unescaped), or undefined when the `$ref` names none. */
  target: string | undefined;
  /** The `$ref` text, or the generator's reason for referring to `target`. */
  via: string;
  /** Path in the document where the reference is made. */
  path: (string | number)[];
  /**
   * Whether TypeScript resolves it when declaring the alias: a reference at the top of the type
   * or in a union/intersection member, not inside an object type or an array (deferred).
   */
  eager: boolean;
}

/** The references one definition's declaration makes; `exists` says which definition names resolve. */
export function referencesOf(def: CheckedDefinition, exists: (name: string) => boolean): Reference[] {
  const found: Reference[] = [];
  const at = ["definitions", def.name];
  switch (def.role) {
    case "special":
      for (const { target, eager } of specialTypeReferences(def.name)) found.push({ target, via: "the generator's type for this definition", path: at, eager });
      break;
    case "list":
      // `List<Item, "ItemList">`: the item is a definition by construction; List is a helper (helperUses).
      break;
    case "resource": {
      // apiVersion and kind are written as literals of the kind, not from their schemas.
      const { apiVersion: _apiVersion, kind: _kind, ...properties } = def.schema.properties ?? {};
      for (const [name, property] of Object.entries(properties)) walk(property, [...at, "properties", name], false, exists, found);
      break;
    }
    case "type":
      walk(def.schema, at, true, exists, found);
      break;
  }
  return found;
}

/** Mirrors schemaToType: one case per SchemaShape rule. */
function walk(schema: Schema, path: (string | number)[], eager: boolean, exists: (name: string) => boolean, found: Reference[]): void {
  const shape = shapeOf(schema);
  switch (shape.rule) {
    case "ref":
      found.push({ target: refName(shape.ref, "definitions", exists), via: `$ref "${shape.ref}"`, path: [...path, "$ref"], eager });
      return;
    case "types":
      for (const alternative of shape.alternatives) walk(alternative, path, eager, exists, found);
      return;
    case "array":
      if (shape.items) walk(shape.items, [...path, "items", ...(Array.isArray(schema.items) ? [0] : [])], false, exists, found);
      return;
    case "object": {
      const layout = objectLayout(schema);
      for (const property of layout.properties) walk(property.schema, [...path, "properties", property.name], false, exists, found);
      if (layout.embedded.includes("metadata")) found.push({ target: OBJECT_META, via: "x-kubernetes-embedded-resource (its metadata is ObjectMeta)", path, eager: false });
      if (layout.mapValues) walk(layout.mapValues, [...path, "additionalProperties"], false, exists, found);
      return;
    }
    case "all-of":
      shape.members.forEach((member, i) => walk(member, [...path, "allOf", i], eager, exists, found));
      return;
    case "one-of": {
      const oneOf = schema.oneOf?.length ?? 0;
      shape.members.forEach((member, i) => walk(member, [...path, ...(i < oneOf ? ["oneOf", i] : ["anyOf", i - oneOf])], eager, exists, found));
      return;
    }
    default:
      return;
  }
}

export interface ReferenceCheckInput {
  definitions: ReadonlyMap<string, CheckedDefinition>;
  /** Definitions another package provides (a CRD package imports ObjectMeta from a Kubernetes package). */
  provided: (name: string) => boolean;
  /** Whether the helper types come from that other package (see helpersFromExternal). */
  helpersExternal: boolean;
  file: string;
}

/**
 * Where the meta/v1 helpers (Embedded, List…) are written from: this package's meta/v1 when it
 * defines ListMeta or there is no other package, else the external package's.
 */
export function helpersFromExternal(definitions: ReadonlyMap<string, CheckedDefinition>, hasExternal: boolean): boolean {
  return hasExternal && !HELPER_MODULE_NEEDS.every((name) => definitions.has(name));
}

/** Throws a GeneratorError naming the first missing definition or alias loop. */
export function checkReferences(input: ReferenceCheckInput): void {
  const { definitions, provided, file } = input;
  const exists = (name: string): boolean => definitions.has(name) || provided(name);
  const eagerEdges = new Map<string, Reference[]>();
  let helperUser: { def: CheckedDefinition; why: string } | undefined;

  for (const def of definitions.values()) {
    if (def.role === "list") helperUser ??= { def, why: `it is a list, written List<…>` };
    const references = referencesOf(def, exists);
    for (const reference of references) {
      if (reference.target === undefined || !exists(reference.target)) {
        throw new GeneratorError(
          reference.target === undefined ? `${reference.via} names no definition of the document` : `${reference.via} refers to the definition "${reference.target}", which the document does not define`,
          { file, pointer: jsonPointer(...reference.path) },
          "add the definition to the document, or remove the reference",
        );
      }
      if (definitions.get(reference.target)?.role === "resource") helperUser ??= { def, why: `it refers to the resource kind "${reference.target}", written Embedded<…>` };
    }
    eagerEdges.set(
      def.name,
      references.filter((r) => r.eager && definitions.has(r.target!)),
    );
  }

  // The helper types are declared in meta/v1 and refer to HELPER_MODULE_NEEDS by bare name.
  const helperModule = [...definitions.values()].find((d) => d.module === HELPER_MODULE);
  const needer = helperModule
    ? { def: helperModule, why: `it is in ${HELPER_MODULE}, where the generator declares its helper types` }
    : !input.helpersExternal
      ? helperUser
      : undefined;
  if (needer) {
    for (const name of HELPER_MODULE_NEEDS) {
      if (definitions.has(name)) continue;
      throw new GeneratorError(
        `the document does not define "${name}", which the generator's helper types in ${HELPER_MODULE} (List) refer to; they are needed by "${needer.def.name}": ${needer.why}`,
        { file, pointer: jsonPointer("definitions", needer.def.name) },
        `add the definition "${name}" (every Kubernetes document has it)`,
      );
    }
  }

  const loop = findLoop(eagerEdges);
  if (loop) {
    const names = loop.map((r) => r.from);
    const pure = loop.every((r) => r.reference.path.length === 3 && r.reference.path[2] === "$ref");
    throw new GeneratorError(
      `${pure ? "pure $ref definitions" : "definitions"} refer to each other in a loop with no object type in between: ${[...names, names[0]].map((n) => `"${n}"`).join(" → ")}; TypeScript cannot declare a type that is itself`,
      { file, pointer: jsonPointer(...loop[0]!.reference.path) },
      "give one of them a schema of its own (an object with properties), or point the $ref elsewhere",
    );
  }
}

/** The first loop of eager references (depth-first, in definition order), as its edges. Iterative: a chain may be long. */
function findLoop(edges: Map<string, Reference[]>): { from: string; reference: Reference }[] | undefined {
  const state = new Map<string, "open" | "done">();
  for (const root of edges.keys()) {
    if (state.has(root)) continue;
    // The path from root: each frame is a definition and the index of its next edge to follow.
    const frames: { name: string; next: number }[] = [{ name: root, next: 0 }];
    const path: { from: string; reference: Reference }[] = [];
    state.set(root, "open");
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const reference = (edges.get(frame.name) ?? [])[frame.next++];
      if (!reference) {
        state.set(frame.name, "done");
        frames.pop();
        path.pop();
        continue;
      }
      const target = reference.target!;
      // An open definition is on the current path (frames[j]): path[j…] and this edge close the loop.
      if (state.get(target) === "open") return [...path.slice(frames.findIndex((f) => f.name === target)), { from: frame.name, reference }];
      if (state.has(target)) continue;
      state.set(target, "open");
      path.push({ from: frame.name, reference });
      frames.push({ name: target, next: 0 });
    }
  }
  return undefined;
}
