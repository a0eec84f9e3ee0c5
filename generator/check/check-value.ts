// A manifest against the model of a version: does the value fit the TypeScript type the
// emitter writes for its kind? The checker follows the emitter's rules, not JSON Schema's:
// it switches on the same shapeOf/objectLayout (emit/schema-to-type.ts), the same resource
// declaration (emit/emit-package.ts) and the special types' `accepts` (special-cases.ts).
// So, like the types: optional properties and map values accept null, integers are numbers,
// unknown fields are refused unless the type has an index signature, required fields
// (metadata of a kind included) must be there, and kinds inside other objects are Embedded.
import { resourceKeepsUnknownFields, resourceSchema } from "../emit/emit-package.js";
import { objectLayout, propertyLayout, shapeOf, type ObjectLayout, type PropertyLayout } from "../emit/schema-to-type.js";
import { jsonPointer } from "../errors.js";
import type { DefinitionModel } from "../model/build-model.js";
import { SPECIAL_TYPES } from "../special-cases.js";
import type { Schema } from "../spec-types.js";

export interface Problem {
  /** RFC 6901 pointer into the document. */
  pointer: string;
  message: string;
}

/** Where `$ref`s lead: the model of the kind being checked, then the Kubernetes model beneath it (CRDs). */
export type DefinitionLookup = (ref: string) => DefinitionModel | undefined;

/** Deeper values than this are refused rather than walked (a hostile document must not exhaust the stack). */
export const MAX_DEPTH = 256;

/** Checks a top-level document against its kind (a resource kind or a list kind). */
export function checkDocument(def: DefinitionModel, value: unknown, lookup: DefinitionLookup, base = ""): Problem[] {
  const checker = new Checker(lookup);
  return def.role === "list" ? checker.list(def, value, base, 0) : checker.resource(def, value, base, false, 0);
}

const layouts = new WeakMap<Schema, ObjectLayout>();
const resourceLayouts = new WeakMap<DefinitionModel, PropertyLayout[]>();

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (ArrayBuffer.isView(value)) return "binary data"; // YAML's !!binary
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
      return `the ${typeof value} ${String(value)}`;
    default:
      return `a ${typeof value}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

const expected = (what: string, value: unknown, at: string): Problem[] => [{ pointer: at, message: `expected ${what}, found ${describe(value)}` }];

class Checker {
  constructor(private readonly lookup: DefinitionLookup) {}

  schema(schema: Schema, value: unknown, at: string, depth: number): Problem[] {
    if (depth > MAX_DEPTH) return [{ pointer: at, message: `nested deeper than ${MAX_DEPTH} levels` }];
    if (value === null && schema.nullable) return [];
    const shape = shapeOf(schema);
    switch (shape.rule) {
      case "ref":
        return this.ref(shape.ref, value, at, depth);
      case "int-or-string":
        return typeof value === "number" || typeof value === "string" ? [] : expected("a number or a string", value, at);
      case "enum":
        // A non-scalar member makes the emitted union `unknown`.
        if (shape.values.some((v) => v !== null && typeof v === "object")) return [];
        return shape.values.includes(value) ? [] : expected(shape.values.length ? `one of ${shape.values.map((v) => JSON.stringify(v)).join(", ")}` : "no value (the enum is empty)", value, at);
      case "types":
      case "one-of":
        return this.anyOf(shape.rule === "types" ? shape.alternatives : shape.members, value, at, depth);
      case "all-of":
        return this.allOf(shape.members, value, at, depth);
      case "string":
      case "boolean":
      case "number":
        return typeof value === shape.rule ? [] : expected(`a ${shape.rule}`, value, at);
      case "null":
        return value === null ? [] : expected("null", value, at);
      case "unknown":
        return [];
      case "array":
        if (!Array.isArray(value)) return expected("an array", value, at);
        if (!shape.items) return [];
        return value.flatMap((item, i) => this.schema(shape.items!, item, `${at}/${i}`, depth + 1));
      case "object":
        return this.object(layoutOf(schema), value, at, depth);
    }
  }

  /** A union: the value fits one member (the problems reported are those of the closest member). */
  private anyOf(members: Schema[], value: unknown, at: string, depth: number): Problem[] {
    let best: Problem[] | undefined;
    for (const member of members) {
      const problems = this.schema(member, value, at, depth);
      if (problems.length === 0) return [];
      if (!best || problems.length < best.length) best = problems;
    }
    return best ?? expected("no value (an empty union)", value, at);
  }

  /** An intersection: every member holds; a field one member declares is not unknown to another. */
  private allOf(members: Schema[], value: unknown, at: string, depth: number): Problem[] {
    const known = new Set(members.flatMap((m) => propertyLayout(m).map((p) => jsonPointer(p.name))));
    return members
      .flatMap((m) => this.schema(m, value, at, depth))
      .filter((p) => !(p.message === UNKNOWN_FIELD && known.has(p.pointer.slice(at.length))));
  }

  private ref(ref: string, value: unknown, at: string, depth: number): Problem[] {
    const def = this.lookup(ref);
    if (!def) return [{ pointer: at, message: `the schema refers to ${ref}, which the model does not have` }];
    switch (def.role) {
      case "special":
        return this.schema(SPECIAL_TYPES[def.name]!.accepts, value, at, depth);
      case "resource":
        return this.resource(def, value, at, true, depth);
      case "list":
        return this.list(def, value, at, depth);
      case "type":
        return this.schema(def.schema, value, at, depth);
    }
  }

  private object(layout: ObjectLayout, value: unknown, at: string, depth: number): Problem[] {
    if (!isPlainObject(value)) return expected("an object", value, at);
    const problems = this.properties(layout.properties, value, at, depth);
    const declared = new Set(layout.properties.map((p) => p.name));
    for (const key of layout.embedded) {
      declared.add(key);
      if (!Object.hasOwn(value, key)) continue;
      const item = value[key];
      const where = `${at}${jsonPointer(key)}`;
      if (key === "metadata") problems.push(...this.ref(OBJECT_META_REF, item, where, depth + 1));
      else if (typeof item !== "string") problems.push(...expected("a string", item, where));
    }
    for (const key of Object.keys(value)) {
      if (declared.has(key) || layout.open) continue;
      const where = `${at}${jsonPointer(key)}`;
      if (layout.mapValues) {
        // Map values accept null (Go decodes it to the zero value).
        if (value[key] !== null) problems.push(...this.schema(layout.mapValues, value[key], where, depth + 1));
      } else problems.push({ pointer: where, message: UNKNOWN_FIELD });
    }
    return problems;
  }

  /** Declared properties: required ones must be there; optional ones accept null. */
  private properties(properties: PropertyLayout[], value: Record<string, unknown>, at: string, depth: number, skip?: Set<string>): Problem[] {
    const problems: Problem[] = [];
    for (const { name, schema, required } of properties) {
      if (skip?.has(name)) continue;
      const where = `${at}${jsonPointer(name)}`;
      if (!Object.hasOwn(value, name)) {
        if (required) problems.push({ pointer: where, message: "missing required field" });
        continue;
      }
      const item = value[name];
      if (item === null && !required) continue;
      problems.push(...this.schema(schema, item, where, depth + 1));
    }
    return problems;
  }

  /**
   * A resource kind: `apiVersion` and `kind` are its literals, required at the top and
   * optional inside other objects and lists (`Embedded<K>`, which also keeps only the index
   * signature of a kind that keeps unknown fields at its root).
   */
  resource(def: DefinitionModel, value: unknown, at: string, embedded: boolean, depth: number): Problem[] {
    if (!isPlainObject(value)) return expected(`an object (${def.resource!.apiVersion} ${def.resource!.kind})`, value, at);
    const open = resourceKeepsUnknownFields(def);
    const problems = this.literals(def.resource!, value, at, embedded);
    if (embedded && open) return problems;
    let layout = resourceLayouts.get(def);
    if (!layout) resourceLayouts.set(def, (layout = propertyLayout(resourceSchema(def))));
    problems.push(...this.properties(layout, value, at, depth, LITERALS));
    if (!open) {
      const declared = new Set(layout.map((p) => p.name));
      for (const key of Object.keys(value)) if (!declared.has(key)) problems.push({ pointer: `${at}${jsonPointer(key)}`, message: UNKNOWN_FIELD });
    }
    return problems;
  }

  /** `List<K, "KList">`: apiVersion of K, kind the list kind, optional metadata, items of Embedded<K>. */
  list(def: DefinitionModel, value: unknown, at: string, depth: number): Problem[] {
    const item = this.lookup(`#/definitions/${def.list!.item}`);
    if (!item?.resource) return [{ pointer: at, message: `the list's item kind ${def.list!.item} is not in the model` }];
    if (!isPlainObject(value)) return expected(`an object (${item.resource.apiVersion} ${def.list!.listKind})`, value, at);
    const problems = this.literals({ apiVersion: item.resource.apiVersion, kind: def.list!.listKind }, value, at, false);
    if (Object.hasOwn(value, "metadata") && value.metadata !== null) problems.push(...this.ref(LIST_META_REF, value.metadata, `${at}/metadata`, depth + 1));
    if (!Object.hasOwn(value, "items")) problems.push({ pointer: `${at}/items`, message: "missing required field" });
    else if (!Array.isArray(value.items)) problems.push(...expected("an array", value.items, `${at}/items`));
    else value.items.forEach((v, i) => problems.push(...this.resource(item, v, `${at}/items/${i}`, true, depth + 2)));
    for (const key of Object.keys(value)) if (!LIST_KEYS.has(key)) problems.push({ pointer: `${at}${jsonPointer(key)}`, message: UNKNOWN_FIELD });
    return problems;
  }

  private literals(kind: { apiVersion: string; kind: string }, value: Record<string, unknown>, at: string, optional: boolean): Problem[] {
    const problems: Problem[] = [];
    for (const key of LITERALS) {
      const where = `${at}/${key}`;
      if (!Object.hasOwn(value, key)) {
        if (!optional) problems.push({ pointer: where, message: "missing required field" });
      } else if (value[key] !== kind[key as "apiVersion" | "kind"]) {
        problems.push(...expected(JSON.stringify(kind[key as "apiVersion" | "kind"]), value[key], where));
      }
    }
    return problems;
  }
}

const UNKNOWN_FIELD = "unknown field";
const LITERALS = new Set(["apiVersion", "kind"]);
const LIST_KEYS = new Set(["apiVersion", "kind", "metadata", "items"]);
const OBJECT_META_REF = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const LIST_META_REF = "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

function layoutOf(schema: Schema): ObjectLayout {
  let layout = layouts.get(schema);
  if (!layout) layouts.set(schema, (layout = objectLayout(schema)));
  return layout;
}
