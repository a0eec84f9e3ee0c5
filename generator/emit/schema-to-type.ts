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
  helper(name: "Embedded" | "List" | "ObjectMeta" | ConstantsHelper): string;
}

/** The helper types a resource kind's constants are declared with (templates/meta-helpers.d.ts.hbs). */
export type ConstantsHelper = "ResourceConstants" | "ListKindConstant" | "MetadataAccessor";

export const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
const OPEN_OBJECT = "{ [key: string]: unknown }";

export function schemaToType(schema: Schema, ctx: TypeContext): string {
  const base = nonNullType(schema, ctx);
  return schema.nullable && base !== "unknown" ? union([base, "null"]) : base;
}

function nonNullType(schema: Schema, ctx: TypeContext): string {
  const shape = shapeOf(schema);
  switch (shape.rule) {
    case "ref":
      return refType(shape.ref, ctx);
    case "int-or-string":
      return "number | string";
    case "enum":
      return enumType(shape.values);
    case "types":
      return union(shape.alternatives.map((s) => nonNullType(s, ctx)));
    case "array":
      return arrayType(schema, ctx);
    case "object":
      return objectType(schema, ctx);
    case "all-of":
      return intersection(shape.members.map((s) => schemaToType(s, ctx)));
    case "one-of":
      return union(shape.members.map((s) => schemaToType(s, ctx)));
    default:
      return shape.rule;
  }
}

/**
 * Which rule of schemaToType a schema falls under, decided in one place: the emitter and the
 * manifest checker (generator/check/) both switch on it, so they cannot disagree on a shape.
 */
export type SchemaShape =
  | { rule: "ref"; ref: string }
  | { rule: "int-or-string" }
  | { rule: "enum"; values: unknown[] }
  | { rule: "types"; alternatives: Schema[] }
  | { rule: "string" | "number" | "boolean" | "null" | "unknown" }
  | { rule: "array"; items: Schema | undefined }
  | { rule: "object" }
  | { rule: "all-of"; members: Schema[] }
  | { rule: "one-of"; members: Schema[] };

export function shapeOf(schema: Schema): SchemaShape {
  if (schema.$ref) return { rule: "ref", ref: schema.$ref };
  if (schema["x-kubernetes-int-or-string"]) return { rule: "int-or-string" };
  if (schema.enum) return { rule: "enum", values: schema.enum };
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1) return { rule: "types", alternatives: type.map((t) => ({ ...schema, type: t })) };
  switch (type[0]) {
    case "string":
    case "boolean":
    case "null":
      return { rule: type[0] };
    case "integer":
    case "number":
      return { rule: "number" };
    case "array":
      return { rule: "array", items: Array.isArray(schema.items) ? schema.items[0] : schema.items };
    case "object":
      return { rule: "object" };
    default:
      // No type: a structural schema only leaves it out for int-or-string and
      // preserve-unknown-fields; a v2 document may still combine alternatives.
      if (schema.properties || schema.additionalProperties) return { rule: "object" };
      if (schema.allOf?.length) return { rule: "all-of", members: schema.allOf };
      if (schema.oneOf?.length || schema.anyOf?.length) return { rule: "one-of", members: [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])] };
      if (schema["x-kubernetes-embedded-resource"]) return { rule: "object" };
      // Untyped with x-kubernetes-preserve-unknown-fields: any JSON value (Argo's `withItems` holds a list).
      return { rule: "unknown" };
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
  const layout = objectLayout(schema);
  const members = propertyMembers(schema, ctx);
  for (const key of layout.embedded) members.push(`${key}?: ${key === "metadata" ? ctx.helper("ObjectMeta") : "string"};`);
  if (layout.mapValues) {
    // A null map value decodes to the zero value ("" for ConfigMap data); real manifests have them.
    const value = union([schemaToType(layout.mapValues, ctx), "null"]);
    if (members.length === 0) return `{ [key: string]: ${value} }`;
    members.push(`[key: string]: ${union([value, "unknown"])};`);
  } else if (layout.open) {
    if (members.length === 0 && !layout.openMember) return OPEN_OBJECT;
    members.push("[key: string]: unknown;");
  }
  return `{\n${members.join("\n")}\n}`;
}

/** One property of an object type as the emitter declares it. */
export interface PropertyLayout {
  name: string;
  schema: Schema;
  required: boolean;
}

/**
 * The members of an object type, as data. Keys other than `properties` (and the `embedded`
 * extras) are: checked against `mapValues` when it is set and there are no properties
 * (`{ [key: string]: T | null }`), any value when `open` or when a map sits beside
 * properties (an index signature of unknown), and refused (excess properties) otherwise.
 */
export interface ObjectLayout {
  properties: PropertyLayout[];
  /** x-kubernetes-embedded-resource: optional `apiVersion`, `kind` (strings) and `metadata` (ObjectMeta) the schema does not declare. */
  embedded: ("apiVersion" | "kind" | "metadata")[];
  mapValues?: Schema;
  open: boolean;
  /** Whether `open` comes from the schema (an index signature member) rather than from having no members at all. */
  openMember: boolean;
}

export function objectLayout(schema: Schema): ObjectLayout {
  const properties = propertyLayout(schema);
  const isEmbedded = Boolean(schema["x-kubernetes-embedded-resource"]);
  const embedded = isEmbedded ? (["apiVersion", "kind", "metadata"] as const).filter((key) => !schema.properties?.[key]) : [];
  const additional = schema.additionalProperties;
  if (additional && typeof additional === "object") return { properties, embedded, mapValues: additional, open: properties.length + embedded.length > 0, openMember: false };
  const openMember = additional === true || Boolean(schema["x-kubernetes-preserve-unknown-fields"]) || (isEmbedded && !schema.properties);
  return { properties, embedded, open: openMember || properties.length + embedded.length === 0, openMember };
}

export function propertyLayout(schema: Schema): PropertyLayout[] {
  const required = new Set(schema.required ?? []);
  return Object.keys(schema.properties ?? {}).map((name) => ({ name, schema: schema.properties![name]!, required: required.has(name) }));
}

/** The members of an object type: one per property, optional unless required; optional ones accept null. */
export function propertyMembers(schema: Schema, ctx: TypeContext, overrides: Record<string, string> = {}): string[] {
  return propertyLayout(schema).map(({ name, schema: property, required }) => {
    const doc = jsdoc(property.description, {
      deprecated: deprecationOf(property.description),
      default: property.default,
      ...(name === "__proto__" ? { extra: [PROTO_NOTE] } : {}),
    });
    const type = Object.hasOwn(overrides, name) ? overrides[name]! : schemaToType(property, ctx);
    if (required) return `${doc}${propertyKey(name)}: ${type};`;
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
