// Every special case of the generator, in one place. Each entry says why it exists; each
// is covered by a test in test/unit/special-cases.test.ts. Spec *repairs* are fixups
// (normalise/fixups.ts); these are mappings the spec cannot express.
import type { Scope } from "./model/resources.js";
import type { Schema } from "./spec-types.js";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1";
const JSON_SCHEMA_PROPS: Schema = { $ref: `#/definitions/${APIEXT}.JSONSchemaProps` };
const STRING: Schema = { type: "string" };
/** `{ a: T; b?: U }` as a schema (required members listed). */
const shape = (properties: Record<string, Schema>, required: string[]): Schema => ({ type: "object", properties, required });

/**
 * Kinds whose URL segment and scope the paths cannot give: no operation is tagged with
 * their GVK. Discovery documents are served at the group/version roots (`/apis`,
 * `/apis/<group>`, `/api`): an empty segment, cluster scope. Status is the body of error
 * responses and of some DELETE responses; k8s-openapi gives it the `status` subresource.
 */
export const SPECIAL_RESOURCES: Readonly<Record<string, { urlPathSegment: string; scope: Scope; why: string }>> = {
  [`${META}.APIGroup`]: { urlPathSegment: "", scope: "cluster", why: "discovery document served at /apis/<group>" },
  [`${META}.APIGroupList`]: { urlPathSegment: "", scope: "cluster", why: "discovery document served at /apis" },
  [`${META}.APIResourceList`]: { urlPathSegment: "", scope: "cluster", why: "discovery document served at /apis/<group>/<version>" },
  [`${META}.APIVersions`]: { urlPathSegment: "", scope: "cluster", why: "discovery document served at /api" },
  [`${META}.Status`]: { urlPathSegment: "status", scope: "subresource", why: "the body of failed responses; no operation returns it by GVK" },
};

/**
 * Definitions whose TypeScript type is not what the spec's schema says. `type` is the
 * emitted right-hand side; `typeParameters` makes the alias generic.
 */
export interface SpecialType {
  type: string;
  typeParameters?: string;
  why: string;
  /**
   * The same type as a schema, for the manifest checker (generator/check/), which reads it by
   * the emitter's rules: a value passes exactly when it is assignable to `type`.
   */
  accepts: Schema;
}
// In `type`, {{Name}} stands for the definition <same prefix>.Name (resolved to an import).

export const SPECIAL_TYPES: Readonly<Record<string, SpecialType>> = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
    type: "number | string",
    why: "the spec says `type: string, format: int-or-string`; the API takes a JSON integer or a string (`targetPort: 8080`, `maxUnavailable: \"25%\"`)",
    accepts: { "x-kubernetes-int-or-string": true },
  },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    type: "string | number",
    why: "the spec says string, but the API server also accepts JSON numbers (`cpu: 0.5`, `memory: 1073741824`) and real manifests use them; it always answers with the canonical string",
    accepts: { type: ["string", "number"] },
  },
  [`${META}.Time`]: {
    type: "string",
    why: "an RFC 3339 date-time string with second precision, e.g. \"2024-01-02T15:04:05Z\"; kept a string (not Date) so parsed JSON/YAML is assignable as it is",
    accepts: STRING,
  },
  [`${META}.MicroTime`]: {
    type: "string",
    why: "an RFC 3339 date-time string with microsecond precision, e.g. \"2024-01-02T15:04:05.000000Z\"",
    accepts: STRING,
  },
  "io.k8s.apimachinery.pkg.runtime.RawExtension": {
    type: "object",
    why: "an embedded object of any kind (ControllerRevision.data, admission payloads); `object` accepts every typed Kubernetes object, where an index signature would reject interfaces",
    accepts: { type: ["object", "array"] },
  },
  [`${META}.FieldsV1`]: {
    type: "{ [field: string]: unknown }",
    why: "the managed-fields trie (`f:metadata`, `k:{...}`), a JSON object with no fixed keys",
    accepts: { type: "object" },
  },
  [`${APIEXT}.JSON`]: {
    type: "unknown",
    why: "any JSON value (a CRD schema's `default`, `example`, `enum` members)",
    accepts: {},
  },
  [`${APIEXT}.JSONSchemaPropsOrArray`]: {
    type: "{{JSONSchemaProps}} | {{JSONSchemaProps}}[]",
    why: "untyped in the spec; really a schema or an array of schemas (`items`)",
    accepts: { anyOf: [JSON_SCHEMA_PROPS, { type: "array", items: JSON_SCHEMA_PROPS }] },
  },
  [`${APIEXT}.JSONSchemaPropsOrBool`]: {
    type: "{{JSONSchemaProps}} | boolean",
    why: "untyped in the spec; really a schema or a boolean (`additionalProperties`, `additionalItems`)",
    accepts: { anyOf: [JSON_SCHEMA_PROPS, { type: "boolean" }] },
  },
  [`${APIEXT}.JSONSchemaPropsOrStringArray`]: {
    type: "{{JSONSchemaProps}} | string[]",
    why: "untyped in the spec; really a schema or a list of property names (`dependencies`)",
    accepts: { anyOf: [JSON_SCHEMA_PROPS, { type: "array", items: STRING }] },
  },
  [`${META}.Patch`]: {
    type: "JsonPatchOperation[] | { [key: string]: unknown }",
    why: "an empty object in the spec; a PATCH body is a JSON Patch (RFC 6902 array) or a merge / strategic-merge / apply object, told apart by the request's content type",
    accepts: {
      anyOf: [
        {
          type: "array",
          items: {
            anyOf: [
              shape({ op: { enum: ["add", "replace", "test"] }, path: STRING, value: {} }, ["op", "path", "value"]),
              shape({ op: { enum: ["remove"] }, path: STRING }, ["op", "path"]),
              shape({ op: { enum: ["move", "copy"] }, from: STRING, path: STRING }, ["op", "from", "path"]),
            ],
          },
        },
        { type: "object" },
      ],
    },
  },
  [`${META}.WatchEvent`]: {
    typeParameters: "K = unknown",
    type: '{ type: "ADDED" | "MODIFIED" | "DELETED"; object: K } | { type: "BOOKMARK"; object: WatchBookmark } | { type: "ERROR"; object: {{Status}} }',
    why: "the spec says `{type: string, object: RawExtension}`; each event type carries a known payload: ADDED/MODIFIED/DELETED the object, BOOKMARK only metadata.resourceVersion (and annotations), ERROR a Status",
    accepts: {
      anyOf: [
        shape({ type: { enum: ["ADDED", "MODIFIED", "DELETED"] }, object: {} }, ["type", "object"]),
        shape({ type: { enum: ["BOOKMARK"] }, object: shape({ apiVersion: STRING, kind: STRING, metadata: shape({ resourceVersion: STRING, annotations: { type: "object", additionalProperties: STRING } }, ["resourceVersion"]) }, ["metadata"]) }, ["type", "object"]),
        shape({ type: { enum: ["ERROR"] }, object: { $ref: `#/definitions/${META}.Status` } }, ["type", "object"]),
      ],
    },
  },
};

/** `{{Name}}` in a SpecialType's `type`: the definition <same prefix>.Name. */
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** A special type's text with each `{{Name}}` replaced by `spell(<same prefix>.Name)`. */
export function specialTypeText(definitionName: string, spell: (target: string) => string): string {
  const prefix = definitionName.slice(0, definitionName.lastIndexOf(".") + 1);
  return SPECIAL_TYPES[definitionName]!.type.replace(PLACEHOLDER, (_, short: string) => spell(prefix + short));
}

/**
 * The definitions a special type's text refers to. `eager` when the reference sits at the
 * top of the type (a union member, not inside `{ … }` or before `[]`): TypeScript resolves
 * such a reference when it declares the alias, so it can close an alias loop.
 */
export function specialTypeReferences(definitionName: string): { target: string; eager: boolean }[] {
  const prefix = definitionName.slice(0, definitionName.lastIndexOf(".") + 1);
  const text = SPECIAL_TYPES[definitionName]!.type;
  const found: { target: string; eager: boolean }[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const placeholder = text.startsWith("{{", i) ? /^\{\{(\w+)\}\}/.exec(text.slice(i)) : null;
    if (placeholder) {
      const end = i + placeholder[0].length;
      found.push({ target: prefix + placeholder[1]!, eager: depth === 0 && !text.startsWith("[]", end) });
      i = end - 1;
    } else if (text[i] === "{") depth++;
    else if (text[i] === "}") depth--;
  }
  return found;
}

/** Resource kinds referred to from inside another type (StatefulSetSpec.volumeClaimTemplates) omit apiVersion and kind, as list items do. */
export const EMBEDDED_RESOURCE_WRAPPER = "Embedded";

/**
 * Resource `metadata` is required: the API server needs metadata.name (or generateName)
 * on every create, always returns metadata, and the accessor then never returns
 * undefined. Lists are the exception (their metadata is optional, as the API omits it in
 * manifests). k8s-openapi makes the same choice.
 */
export const RESOURCE_METADATA_REQUIRED = true;

/**
 * Deprecation is only written in description prose (the spec has no `deprecated` flag):
 * a sentence that starts with "Deprecated"/"DEPRECATED", or says the API or field "is
 * deprecated", becomes a `@deprecated` tag with that sentence.
 */
export function deprecationOf(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const sentences = description.replace(/\s+/g, " ").split(/(?<=[.!?])\s+(?=[A-Z])/);
  const found = sentences.find(
    (s) =>
      /^(Deprecated\b|DEPRECATED\b)/.test(s) ||
      /\bThis (API|field|feature) (is|was) deprecated\b/i.test(s) ||
      /\bis a deprecated alias\b/.test(s) ||
      /\bshould be considered as deprecated\b/.test(s),
  );
  return found?.trim();
}

/**
 * A CRD version's `deprecationWarning` is the message the API server sends with every request
 * for it, and may be several sentences; the prose rule above would keep only the first. The
 * CRD stage (crd/crd-to-swagger.ts) writes the whole note, "Deprecated: <warning>", under this
 * extension of the kind's definition (and as the description's first paragraph), and the
 * model takes it from there.
 */
export const DEPRECATION_NOTE_EXTENSION = "x-k8s-openapi-ts-deprecation";

/** A definition's deprecation note: the whole CRD warning when there is one, else the sentence deprecationOf finds. */
export function definitionDeprecation(schema: Schema): string | undefined {
  const note = schema[DEPRECATION_NOTE_EXTENSION];
  return typeof note === "string" && note.trim() !== "" ? note : deprecationOf(schema.description);
}

/**
 * The module where the generator declares its helper types (templates/meta-helpers.d.ts.hbs):
 * KindObject, Embedded, List, the constants' ResourceConstants, ListKindConstant and
 * MetadataAccessor, WatchBookmark, JsonPatchOperation; `Omit`, a global, too (a meta/v1
 * export of that name would shadow it). A definition exported there under one of these
 * names would clash, and is refused.
 */
export const HELPER_MODULE = "meta/v1";
export const HELPER_TYPES = ["KindObject", "Embedded", "List", "ResourceConstants", "ListKindConstant", "MetadataAccessor", "WatchBookmark", "JsonPatchOperation", "Omit"];

/**
 * The definitions the helper types refer to by their bare export name (`List`'s `metadata` is
 * `ListMeta`): every module that declares the helpers needs them, so a document that has a
 * meta/v1 module, or needs a helper that no external package provides, must define them.
 * The generator then refuses the document, naming the missing definition, rather than
 * emitting a helper without it (a document without ListMeta is not a Kubernetes document,
 * and a `List` with a different shape per package would break the stable entry's promise).
 */
export const HELPER_MODULE_NEEDS = ["io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"];
