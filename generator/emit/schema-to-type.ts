// Schema → TypeScript type text: one small pure function per schema shape. The caller
// supplies a TypeContext that knows how a definition is spelled from the current module.
import { deprecationOf } from "../special-cases.js";
import type { Schema } from "../spec-types.js";
import { jsdoc } from "./jsdoc.js";
import { propertyKey } from "../model/names.js";

export interface TypeContext {
  /** The definition a `$ref` names (unescaping `~1`, `~0`, `%xx`); without it the text after "#/definitions/". */
  refName?(ref: string): string | undefined;
  /** How the definition `name` is written from the module being emitted (records the import). */
  ref(definitionName: string): string;
  /** Whether the definition is a resource kind (referred to as Embedded<K> from other types). */
  isResource(definitionName: string): boolean;
  /** How a helper type of the meta/v1 module (Embedded, ObjectMeta…) is written from here. */
  helper(name: "Embedded" | "List" | "ObjectMeta"): string;
}

export const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const OPEN_OBJECT = "{ [key: string]: unknown }";

export function schemaToType(schema: Schema, ctx: TypeContext): string {
  const base = nonNullType(schema, ctx);
  return schema.nullable && base !== "unknown" ? union([base, "null"]) : base;
}

function nonNullType(schema: Schema, ctx: TypeContext): string {
  if (schema.$ref) return refType(schema.$ref, ctx);
  if (schema["x-kubernetes-int-or-string"]) return "number | string";
  if (schema.enum) return enumType(schema.enum);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return union(type.map((t) => nonNullType({ ...schema, type: t }, ctx)));
  switch (type[0]) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "null":
      return "null";
    case "array":
      return arrayType(schema, ctx);
    case "object":
      return objectType(schema, ctx);
    default:
      // No type: a structural schema only leaves it out for int-or-string and
      // preserve-unknown-fields; a v2 document may still combine alternatives.
      if (schema.properties || schema.additionalProperties) return objectType(schema, ctx);
      if (schema.allOf?.length) return intersection(schema.allOf.map((s) => schemaToType(s, ctx)));
      if (schema.oneOf?.length || schema.anyOf?.length) return union([...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map((s) => schemaToType(s, ctx)));
      if (schema["x-kubernetes-embedded-resource"]) return objectType(schema, ctx);
      // Untyped with x-kubernetes-preserve-unknown-fields: any JSON value (Argo's `withItems` holds a list).
      return "unknown";
  }
}

/** `#/definitions/<name>`; a resource kind inside another type omits apiVersion and kind. */
export function refType(ref: string, ctx: TypeContext): string {
  const name = ctx.refName?.(ref) ?? ref.replace(/^#\/definitions\//, "");
  const spelled = ctx.ref(name);
  return ctx.isResource(name) ? `${ctx.helper("Embedded")}<${spelled}>` : spelled;
}

export function enumType(values: unknown[]): string {
  const literals = values.map((v) => (v === null ? "null" : typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? JSON.stringify(v) : "unknown"));
  return literals.length ? union(literals) : "never";
}

export function arrayType(schema: Schema, ctx: TypeContext): string {
  const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
  const item = items ? schemaToType(items, ctx) : "unknown";
  return /[|&\s]/.test(item) && !/^[{(]/.test(item) ? `(${item})[]` : `${item}[]`;
}

/** Objects: named properties, a map (`additionalProperties`), or both, or an open object. */
export function objectType(schema: Schema, ctx: TypeContext): string {
  const members = propertyMembers(schema, ctx);
  const embedded = schema["x-kubernetes-embedded-resource"];
  if (embedded) {
    for (const [key, type] of [["apiVersion", "string"], ["kind", "string"], ["metadata", ctx.helper("ObjectMeta")]] as const) {
      if (!schema.properties?.[key]) members.push(`${key}?: ${type};`);
    }
  }
  const additional = schema.additionalProperties;
  if (additional && typeof additional === "object") {
    // A null map value decodes to the zero value ("" for ConfigMap data); real manifests have them.
    const value = union([schemaToType(additional, ctx), "null"]);
    if (members.length === 0) return `{ [key: string]: ${value} }`;
    members.push(`[key: string]: ${union([value, "unknown"])};`);
  } else if (additional === true || schema["x-kubernetes-preserve-unknown-fields"] || (embedded && !schema.properties)) {
    members.push("[key: string]: unknown;");
  } else if (members.length === 0) {
    return OPEN_OBJECT;
  }
  return `{\n${members.join("\n")}\n}`;
}

/** The members of an object type: one per property, optional unless required; optional ones accept null. */
export function propertyMembers(schema: Schema, ctx: TypeContext, overrides: Record<string, string> = {}): string[] {
  const required = new Set(schema.required ?? []);
  return Object.keys(schema.properties ?? {}).map((name) => {
    const property = schema.properties![name]!;
    const doc = jsdoc(property.description, {
      deprecated: deprecationOf(property.description),
      default: property.default,
      ...(name === "__proto__" ? { extra: [PROTO_NOTE] } : {}),
    });
    const type = Object.hasOwn(overrides, name) ? overrides[name]! : schemaToType(property, ctx);
    if (required.has(name)) return `${doc}${propertyKey(name)}: ${type};`;
    // An object without its own `toString`/`constructor`… still has the inherited one, so an
    // optional property of that name must admit the inherited member's type, or no object
    // literal that leaves it out would be assignable.
    const inherited = INHERITED.has(name) ? [`{}[${JSON.stringify(name)}]`] : [];
    // A `nullable` property's type already admits null.
    const orNull = property.nullable && !Object.hasOwn(overrides, name) ? [] : ["null"];
    return `${doc}${propertyKey(name)}?: ${union([type, ...orNull, ...inherited])};`;
  });
}

/** Members every object inherits from Object.prototype (as TypeScript's `Object` interface declares them). */
const INHERITED = new Set(["constructor", "toString", "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable"]);

const PROTO_NOTE =
  'Write it as `["__proto__"]: value` in an object literal: a plain `__proto__: value` sets the object\'s prototype instead of a property (JSON.parse does create the property).';

export function union(types: string[]): string {
  const flat = [...new Set(types)];
  if (flat.includes("unknown")) return "unknown";
  return flat.join(" | ");
}

function intersection(types: string[]): string {
  return types.map((t) => (t.includes("|") ? `(${t})` : t)).join(" & ");
}
