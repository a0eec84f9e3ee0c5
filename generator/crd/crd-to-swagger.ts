// CRD stage 2: CustomResourceDefinitions → the Swagger 2.0 document a cluster would serve
// for them at /openapi/v2, so the rest of the generator (model, constants from the paths,
// emit) treats a custom kind exactly like a built-in one.
//
// As the API server publishes them (k8s.io/apiextensions-apiserver, controller/openapi):
//   - one definition per served version, named `<reversed group>.<version>.<Kind>`
//     (cert-manager.io/v1 Certificate → io.cert-manager.v1.Certificate), tagged with its
//     x-kubernetes-group-version-kind, apiVersion/kind strings and metadata → ObjectMeta;
//   - a `<ListKind>` definition (items, ListMeta);
//   - the paths: collection and item paths (namespaced or cluster per spec.scope, the
//     plural from spec.names.plural), every operation tagged with x-kubernetes-action and
//     the GVK, plus `/status` and `/scale` (autoscaling/v1 Scale) when declared.
// Unlike /openapi/v2, the schema keeps its OpenAPI v3 keywords (nullable, oneOf, anyOf,
// allOf, not): the type emitter reads them. Built-in definitions (ObjectMeta, ListMeta,
// Scale) are stubs here: the types come from the Kubernetes package (see EXTERNAL_STUBS).
import { GeneratorError, jsonPointer } from "../errors.js";
import type { GroupVersionKind, Operation, Parameter, PathItem, Schema, SwaggerDocument } from "../spec-types.js";
import { DEPRECATION_NOTE_EXTENSION } from "../special-cases.js";
import type { ManifestDocument } from "./read-manifests.js";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
export const OBJECT_META = `${META}.ObjectMeta`;
export const LIST_META = `${META}.ListMeta`;
export const SCALE = "io.k8s.api.autoscaling.v1.Scale";

/** Built-in definitions the CRD document refers to; their types come from the Kubernetes package. */
export const EXTERNAL_STUBS = [OBJECT_META, LIST_META, SCALE] as const;

export interface CrdVersionInfo {
  group: string;
  version: string;
  kind: string;
  definition: string;
  listDefinition: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  subresources: string[];
}

export interface CrdInfo {
  /** metadata.name, e.g. certificates.cert-manager.io */
  name: string;
  file: string;
  index: number;
  group: string;
  kind: string;
  plural: string;
  scope: "Namespaced" | "Cluster";
  versions: CrdVersionInfo[];
}

export interface CrdDocumentResult {
  document: SwaggerDocument;
  crds: CrdInfo[];
  /** What was read but not used, and why (other kinds, unserved versions). */
  notes: string[];
}

/** `cert-manager.io` → `io.cert-manager` (the API server's ToRESTFriendlyName). */
export function reverseGroup(group: string): string {
  return group.includes(".") ? group.split(".").reverse().join(".") : group;
}

export function definitionNameOf(gvk: GroupVersionKind): string {
  return `${reverseGroup(gvk.group)}.${gvk.version}.${gvk.kind}`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

class CrdReader {
  constructor(
    readonly file: string,
    readonly index: number,
    readonly base: (string | number)[],
  ) {}

  fail(message: string, path: (string | number)[]): never {
    throw new GeneratorError(`document ${this.index}: ${message}`, { file: this.file, pointer: jsonPointer(...this.base, ...path) });
  }

  get(root: unknown, path: (string | number)[]): unknown {
    let node = root;
    for (const key of path) node = isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
    return node;
  }

  string(root: unknown, path: (string | number)[], pattern?: RegExp): string {
    const value = this.get(root, path);
    if (typeof value !== "string" || value === "") this.fail(`expected a non-empty string, found ${describe(value)}`, path);
    if (pattern && !pattern.test(value)) this.fail(`"${value}" is not valid here (expected ${pattern.source})`, path);
    return value;
  }

  optionalString(root: unknown, path: (string | number)[]): string | undefined {
    const value = this.get(root, path);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.fail(`expected a string, found ${describe(value)}`, path);
    return value;
  }

  boolean(root: unknown, path: (string | number)[], fallback?: boolean): boolean {
    const value = this.get(root, path);
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== "boolean") this.fail(`expected true or false, found ${describe(value)}`, path);
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Every apiextensions.k8s.io/v1 CRD among the documents, in order, including the items of a
 * `v1` `List` (what `kubectl get -o yaml` prints) and of a `CustomResourceDefinitionList`
 * (whose items, as the API serves them, may leave out apiVersion and kind).
 */
export function selectCrds(documents: ManifestDocument[]): { crds: { doc: ManifestDocument; value: Json; base: (string | number)[] }[]; notes: string[] } {
  const crds: { doc: ManifestDocument; value: Json; base: (string | number)[] }[] = [];
  const notes: string[] = [];
  const visit = (doc: ManifestDocument, value: unknown, base: (string | number)[]) => {
    const where = `${doc.file} document ${doc.index}${base.length ? ` ${jsonPointer(...base)}` : ""}`;
    if (!isObject(value)) {
      notes.push(`${where}: not an object, ignored`);
      return;
    }
    const apiVersion = value.apiVersion;
    const kind = value.kind;
    if (apiVersion === "v1" && kind === "List" && Array.isArray(value.items)) {
      value.items.forEach((item, i) => visit(doc, item, [...base, "items", i]));
      return;
    }
    if (apiVersion === "apiextensions.k8s.io/v1" && kind === "CustomResourceDefinitionList" && Array.isArray(value.items)) {
      value.items.forEach((item, i) => visit(doc, isObject(item) ? { apiVersion, kind: "CustomResourceDefinition", ...item } : item, [...base, "items", i]));
      return;
    }
    if (kind === "CustomResourceDefinition" && apiVersion === "apiextensions.k8s.io/v1") {
      crds.push({ doc, value, base });
      return;
    }
    if (kind === "CustomResourceDefinition") {
      notes.push(`${where}: ${String(apiVersion)} CustomResourceDefinition ignored: only apiextensions.k8s.io/v1 is served (v1beta1 was removed in Kubernetes 1.22)`);
      return;
    }
    notes.push(`${where}: ${String(apiVersion)} ${String(kind)} ignored (not a CustomResourceDefinition)`);
  };
  for (const doc of documents) visit(doc, doc.value, []);
  return { crds, notes };
}

export function crdsToSwagger(documents: ManifestDocument[]): CrdDocumentResult {
  const { crds: selected, notes } = selectCrds(documents);
  const document: SwaggerDocument = {
    swagger: "2.0",
    info: { title: "Kubernetes custom resources", version: "unversioned" },
    definitions: {},
    paths: {},
  };
  for (const name of EXTERNAL_STUBS) document.definitions[name] = { type: "object", description: "Provided by the Kubernetes package." };
  const crds: CrdInfo[] = [];
  const seen = new Map<string, string>();
  for (const { doc, value, base } of selected) {
    const crd = convertCrd(new CrdReader(doc.file, doc.index, base), value, document, notes);
    const key = `${crd.group}/${crd.kind}`;
    const previous = seen.get(key);
    if (previous) {
      throw new GeneratorError(`document ${doc.index}: ${crd.group} ${crd.kind} is defined twice (first in ${previous})`, { file: doc.file, pointer: jsonPointer(...base, "spec", "names", "kind") }, "pass each CRD once (e.g. not both a full and a minimal variant)");
    }
    seen.set(key, `${doc.file} document ${doc.index}`);
    crds.push(crd);
  }
  return { document, crds, notes };
}

function convertCrd(r: CrdReader, crd: Json, out: SwaggerDocument, notes: string[]): CrdInfo {
  const name = r.string(crd, ["metadata", "name"]);
  if (!isObject(crd.spec)) r.fail(`expected spec to be an object, found ${describe(crd.spec)}`, ["spec"]);
  const group = r.string(crd, ["spec", "group"], DNS_SUBDOMAIN);
  const kind = r.string(crd, ["spec", "names", "kind"], KIND);
  const plural = r.string(crd, ["spec", "names", "plural"], DNS_LABEL);
  const listKind = r.optionalString(crd, ["spec", "names", "listKind"]) ?? `${kind}List`;
  if (!KIND.test(listKind)) r.fail(`"${listKind}" is not a valid kind`, ["spec", "names", "listKind"]);
  if (name !== `${plural}.${group}`) r.fail(`the name must be <plural>.<group> ("${plural}.${group}"), found "${name}"`, ["metadata", "name"]);
  const scope = r.string(crd, ["spec", "scope"]);
  if (scope !== "Namespaced" && scope !== "Cluster") r.fail(`expected "Namespaced" or "Cluster", found "${scope}"`, ["spec", "scope"]);
  const versions = r.get(crd, ["spec", "versions"]);
  if (!Array.isArray(versions) || versions.length === 0) r.fail(`expected a non-empty array of versions, found ${describe(versions)}`, ["spec", "versions"]);

  const info: CrdInfo = { name, file: r.file, index: r.index, group, kind, plural, scope, versions: [] };
  const names = new Set<string>();
  versions.forEach((_, i) => {
    const at = ["spec", "versions", i];
    const version = r.string(crd, [...at, "name"], DNS_LABEL);
    if (names.has(version)) r.fail(`version "${version}" is listed twice`, [...at, "name"]);
    names.add(version);
    const served = r.boolean(crd, [...at, "served"]);
    const storage = r.boolean(crd, [...at, "storage"]);
    const deprecated = r.boolean(crd, [...at, "deprecated"], false);
    const deprecationWarning = r.optionalString(crd, [...at, "deprecationWarning"]);
    const gvk = { group, version, kind };
    const listGvk = { group, version, kind: listKind };
    const subresources: string[] = [];
    const subs = r.get(crd, [...at, "subresources"]);
    if (subs !== undefined && subs !== null && !isObject(subs)) r.fail(`expected an object, found ${describe(subs)}`, [...at, "subresources"]);
    if (isObject(subs) && subs.status !== undefined && subs.status !== null) subresources.push("status");
    if (isObject(subs) && subs.scale !== undefined && subs.scale !== null) {
      r.string(crd, [...at, "subresources", "scale", "specReplicasPath"]);
      r.string(crd, [...at, "subresources", "scale", "statusReplicasPath"]);
      subresources.push("scale");
    }
    const entry: CrdVersionInfo = {
      group,
      version,
      kind,
      definition: definitionNameOf(gvk),
      listDefinition: definitionNameOf(listGvk),
      served,
      storage,
      deprecated,
      subresources,
      ...(deprecationWarning !== undefined ? { deprecationWarning } : {}),
    };
    info.versions.push(entry);
    if (!served) {
      notes.push(`${r.file} document ${r.index}: ${group}/${version} ${kind} skipped: the version is not served (served: false)`);
      return;
    }
    const schema = r.get(crd, [...at, "schema", "openAPIV3Schema"]);
    if (!isObject(schema)) r.fail(`a served version needs schema.openAPIV3Schema, found ${describe(schema)}`, [...at, "schema", "openAPIV3Schema"]);
    checkSchema(r, schema, [...at, "schema", "openAPIV3Schema"]);
    out.definitions[entry.definition] = kindDefinition(schema as Schema, gvk, deprecated, deprecationWarning);
    out.definitions[entry.listDefinition] = listDefinition(entry.definition, listGvk, kind, plural);
    addPaths(out, gvk, plural, scope, subresources, entry.definition, entry.listDefinition);
  });
  if (info.versions.filter((v) => v.storage).length !== 1) r.fail("exactly one version must be the storage version", ["spec", "versions"]);
  if (!info.versions.some((v) => v.served)) notes.push(`${r.file} document ${r.index}: ${group} ${kind} has no served version: nothing generated`);
  return info;
}

const SCHEMA_MAPS = ["properties", "patternProperties", "definitions"] as const;
const SCHEMA_ONE = ["items", "additionalProperties", "not", "additionalItems"] as const;
const SCHEMA_LIST = ["allOf", "oneOf", "anyOf"] as const;

/** The checks the emitter relies on: schema nodes are objects, `$ref` is not used (structural schemas forbid it). */
function checkSchema(r: CrdReader, schema: unknown, path: (string | number)[]): void {
  if (typeof schema === "boolean") return;
  if (!isObject(schema)) r.fail(`expected a schema object, found ${describe(schema)}`, path);
  if (schema.$ref !== undefined) r.fail("$ref is not allowed in a CRD schema", [...path, "$ref"]);
  if (schema.type !== undefined && typeof schema.type !== "string") r.fail(`expected type to be a string, found ${describe(schema.type)}`, [...path, "type"]);
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((x) => typeof x === "string"))) r.fail("expected required to be an array of property names", [...path, "required"]);
  if (schema.enum !== undefined && !Array.isArray(schema.enum)) r.fail(`expected enum to be an array, found ${describe(schema.enum)}`, [...path, "enum"]);
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isObject(map)) r.fail(`expected an object of schemas, found ${describe(map)}`, [...path, key]);
    for (const [prop, sub] of Object.entries(map)) checkSchema(r, sub, [...path, key, prop]);
  }
  for (const key of SCHEMA_ONE) {
    const sub = schema[key];
    if (sub === undefined) continue;
    if (Array.isArray(sub)) sub.forEach((s, i) => checkSchema(r, s, [...path, key, i]));
    else checkSchema(r, sub, [...path, key]);
  }
  for (const key of SCHEMA_LIST) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) r.fail(`expected an array of schemas, found ${describe(list)}`, [...path, key]);
    list.forEach((s, i) => checkSchema(r, s, [...path, key, i]));
  }
}

const API_VERSION_DOC =
  "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
const KIND_DOC =
  "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** The kind's definition: the version's schema with apiVersion, kind and metadata as the API server sets them. */
function kindDefinition(schema: Schema, gvk: GroupVersionKind, deprecated: boolean, warning: string | undefined): Schema {
  const { properties = {}, ...rest } = sortProperties(structuredClone(schema));
  const definition: Schema = {
    ...rest,
    type: "object",
    properties: {
      // The server's own TypeMeta text, whatever the manifest's schema says (a live server does the same).
      apiVersion: { description: API_VERSION_DOC, type: "string" },
      kind: { description: KIND_DOC, type: "string" },
      metadata: { description: METADATA_DOC, $ref: `#/definitions/${OBJECT_META}` },
      ...Object.fromEntries(Object.entries(properties).filter(([key]) => key !== "apiVersion" && key !== "kind" && key !== "metadata")),
    },
    "x-kubernetes-group-version-kind": [gvk],
  };
  if (deprecated) {
    // The whole warning, however many sentences (special-cases.ts DEPRECATION_NOTE_EXTENSION),
    // also as the description's first paragraph, as a reader of the document would expect.
    const text = (warning ?? `${gvk.group}/${gvk.version} ${gvk.kind} is deprecated`).replace(/\s+/g, " ").trim();
    const note = `Deprecated: ${text}${/[.!?]$/.test(text) ? "" : "."}`;
    definition[DEPRECATION_NOTE_EXTENSION] = note;
    definition.description = `${note}${definition.description ? `\n\n${definition.description}` : ""}`;
  }
  return definition;
}

/**
 * Properties in alphabetical order, at every depth: the API server's /openapi/v2 holds
 * them in Go maps, which marshal sorted, so a cluster's document lists them that way (and
 * so do the built-in packages).
 */
function sortProperties(schema: Schema): Schema {
  if (schema.properties) {
    schema.properties = Object.fromEntries(
      Object.keys(schema.properties)
        .sort()
        .map((key) => [key, sortProperties(schema.properties![key]!)]),
    );
  }
  const items = schema.items;
  if (Array.isArray(items)) items.forEach(sortProperties);
  else if (items) sortProperties(items);
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") sortProperties(schema.additionalProperties);
  for (const list of [schema.allOf, schema.oneOf, schema.anyOf]) list?.forEach(sortProperties);
  if (schema.not) sortProperties(schema.not);
  return schema;
}

function listDefinition(item: string, gvk: GroupVersionKind, kind: string, plural: string): Schema {
  return {
    description: `${gvk.kind} is a list of ${kind}`,
    type: "object",
    required: ["items"],
    properties: {
      apiVersion: { description: API_VERSION_DOC, type: "string" },
      items: { description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: "array", items: { $ref: `#/definitions/${item}` } },
      kind: { description: KIND_DOC, type: "string" },
      metadata: { description: "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", $ref: `#/definitions/${LIST_META}` },
    },
    "x-kubernetes-group-version-kind": [gvk],
  };
}

/** `cert-manager.io`, `v1` → `CertManagerIoV1` (the operation id part, as the API server spells it). */
function idPart(group: string, version: string): string {
  return `${group}.${version}`
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join("");
}

const pathParam = (name: string, description: string): Parameter => ({ name, in: "path", required: true, type: "string", description, uniqueItems: true });
const queryParam = (name: string, type: string, description: string): Parameter => ({ name, in: "query", type, description, uniqueItems: true });

function addPaths(out: SwaggerDocument, gvk: GroupVersionKind, plural: string, scope: "Namespaced" | "Cluster", subresources: string[], definition: string, listDefinition: string): void {
  const root = `/apis/${gvk.group}/${gvk.version}`;
  const namespaced = scope === "Namespaced";
  const collection = namespaced ? `${root}/namespaces/{namespace}/${plural}` : `${root}/${plural}`;
  const item = `${collection}/{name}`;
  const id = idPart(gvk.group, gvk.version);
  const ns = namespaced ? "Namespaced" : "";
  const ref = { $ref: `#/definitions/${definition}` };
  const listRef = { $ref: `#/definitions/${listDefinition}` };
  const op = (action: string, operationId: string, schema: object | undefined, description: string): Operation => ({
    description,
    operationId,
    produces: ["application/json", "application/yaml"],
    schemes: ["https"],
    tags: [id[0]!.toLowerCase() + id.slice(1)],
    responses: { "200": { description: "OK", ...(schema ? { schema } : {}) }, "401": { description: "Unauthorized" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
  });
  const listParams: Parameter[] = [
    queryParam("labelSelector", "string", "A selector to restrict the list of returned objects by their labels."),
    queryParam("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
  ];
  const namespaceParam = pathParam("namespace", "object name and auth scope, such as for teams and projects");
  const nameParam = pathParam("name", `name of the ${gvk.kind}`);
  const scoped = namespaced ? [namespaceParam] : [];
  if (namespaced) {
    out.paths[`${root}/${plural}`] = {
      get: { ...op("list", `list${id}${gvk.kind}ForAllNamespaces`, listRef, `list objects of kind ${gvk.kind}`), parameters: listParams },
    };
  }
  out.paths[collection] = {
    parameters: scoped,
    get: { ...op("list", `list${id}${ns}${gvk.kind}`, listRef, `list objects of kind ${gvk.kind}`), parameters: listParams },
    post: { ...op("post", `create${id}${ns}${gvk.kind}`, ref, `create a ${gvk.kind}`), parameters: [{ name: "body", in: "body", required: true, schema: ref }] },
    delete: op("deletecollection", `deletecollection${id}${ns}${gvk.kind}`, undefined, `delete collection of ${gvk.kind}`),
  };
  const itemOps = (suffix: string, target: GroupVersionKind, schema: object, what: string): PathItem => {
    const tagged = (o: Operation): Operation => ({ ...o, "x-kubernetes-group-version-kind": target });
    return {
      parameters: [nameParam, ...scoped],
      get: tagged(op("get", `read${id}${ns}${gvk.kind}${suffix}`, schema, `read ${what} of the specified ${gvk.kind}`)),
      put: { ...tagged(op("put", `replace${id}${ns}${gvk.kind}${suffix}`, schema, `replace ${what} of the specified ${gvk.kind}`)), parameters: [{ name: "body", in: "body", required: true, schema }] },
      patch: { ...tagged(op("patch", `patch${id}${ns}${gvk.kind}${suffix}`, schema, `partially update ${what} of the specified ${gvk.kind}`)), consumes: ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"] },
    };
  };
  out.paths[item] = {
    ...itemOps("", gvk, ref, "the"),
    delete: op("delete", `delete${id}${ns}${gvk.kind}`, undefined, `delete a ${gvk.kind}`),
  };
  if (subresources.includes("status")) out.paths[`${item}/status`] = itemOps("Status", gvk, ref, "status");
  if (subresources.includes("scale")) {
    out.paths[`${item}/scale`] = itemOps("Scale", { group: "autoscaling", version: "v1", kind: "Scale" }, { $ref: `#/definitions/${SCALE}` }, "scale");
  }
}
