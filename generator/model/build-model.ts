// Stage 4, model: from a normalised document to the package model — where each definition
// goes, which definitions are resource kinds (with their constants), which are lists.
import { GeneratorError, jsonPointer } from "../errors.js";
import { HELPER_MODULE, HELPER_TYPES, RESOURCE_METADATA_REQUIRED, SPECIAL_RESOURCES, SPECIAL_TYPES, definitionDeprecation } from "../special-cases.js";
import type { GroupVersionKind, Schema, SwaggerDocument } from "../spec-types.js";
import { locateDefinition, moduleAlias } from "./names.js";
import { checkReferences, helpersFromExternal } from "./references.js";
import { OperationIndex, apiVersionOf, derivePathFacts, type PatchType, type Scope, type Subresource } from "./resources.js";

export interface ResourceModel {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  urlPathSegment: string;
  scope: Scope;
  listKind?: string;
  verbs: string[];
  /** The patch types the PATCH operation on the kind's item path accepts (`consumes`); empty without the patch verb. */
  patchTypes: PatchType[];
  subresources: Subresource[];
  /** Whether the kind has a `metadata` property (discovery kinds do not). */
  hasMetadata: boolean;
  deprecated?: string;
}

export interface ListModel {
  /** Definition name of the item kind. */
  item: string;
  listKind: string;
}

export type DefinitionRole = "type" | "resource" | "list" | "special";

export interface DefinitionModel {
  name: string;
  module: string;
  exportName: string;
  schema: Schema;
  role: DefinitionRole;
  resource?: ResourceModel;
  list?: ListModel;
}

export interface ModuleModel {
  path: string;
  alias: string;
  definitions: DefinitionModel[];
}

export interface PackageModel {
  definitions: Map<string, DefinitionModel>;
  modules: ModuleModel[];
  /** Resource kinds, sorted by module then export name. */
  resources: DefinitionModel[];
  /** Things the user should know that did not stop the run. */
  warnings: string[];
  /** Whether the meta/v1 helper types (Embedded, List) are imported from the external package rather than this one's meta/v1. */
  helpersExternal: boolean;
}

export interface BuildOptions {
  /** Definitions another package provides (a CRD package takes ObjectMeta from a Kubernetes package). */
  provided?: (definitionName: string) => boolean;
}

const LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

export function buildModel(doc: SwaggerDocument, file: string, options: BuildOptions = {}): PackageModel {
  const index = new OperationIndex(doc);
  const warnings: string[] = [];
  const definitions = new Map<string, DefinitionModel>();
  // `*List` definitions with one GVK: lists have no operations of their own.
  const listCandidates = new Map<string, { model: DefinitionModel; gvk: GroupVersionKind }>();

  for (const name of Object.keys(doc.definitions).sort()) {
    const schema = doc.definitions[name]!;
    const gvks = schema["x-kubernetes-group-version-kind"];
    const gvk = gvks?.length === 1 ? gvks[0] : undefined;
    const { module, exportName } = locateDefinition(name, gvk);
    const model: DefinitionModel = { name, module, exportName, schema, role: "type" };
    definitions.set(name, model);
    if (Object.hasOwn(SPECIAL_TYPES, name)) {
      model.role = "special";
    } else if (gvk && isResourceShaped(schema)) {
      const resource = resourceOf(name, schema, gvk, index);
      if (typeof resource !== "string") {
        model.role = "resource";
        model.resource = resource;
      } else if (gvk.kind.endsWith("List") || isListShaped(schema)) {
        listCandidates.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, { model, gvk });
      } else {
        warnings.push(`${name}: not a resource kind (${resource}); emitted as a plain type without constants`);
      }
    }
  }

  for (const item of definitions.values()) {
    const resource = item.resource;
    if (!resource) continue;
    // `<Kind>List` by convention; a CRD may name its list otherwise (spec.names.listKind).
    const candidate =
      listCandidates.get(`${resource.group}/${resource.version}/${resource.kind}List`) ??
      [...listCandidates.values()].find((c) => c.gvk.group === resource.group && c.gvk.version === resource.version && isListOf(c.model.schema, item.name));
    if (candidate && isListOf(candidate.model.schema, item.name)) {
      candidate.model.role = "list";
      candidate.model.list = { item: item.name, listKind: candidate.gvk.kind };
      resource.listKind = candidate.gvk.kind;
    }
    if (RESOURCE_METADATA_REQUIRED && item.schema.properties?.metadata) {
      item.schema = { ...item.schema, required: [...new Set([...(item.schema.required ?? []), "metadata"])].sort() };
    }
  }

  checkUniqueKinds(definitions, file);
  const modules = groupIntoModules(definitions, file);
  const helpersExternal = helpersFromExternal(definitions, options.provided !== undefined);
  checkReferences({ definitions, provided: options.provided ?? (() => false), helpersExternal, file });
  const resources = modules.flatMap((m) => m.definitions.filter((d) => d.role === "resource"));
  return { definitions, modules, resources, warnings, helpersExternal };
}

function isListShaped(schema: Schema): boolean {
  return Object.keys(schema.properties ?? {}).sort().join(",") === "apiVersion,items,kind,metadata";
}

function isResourceShaped(schema: Schema): boolean {
  return Boolean(schema.properties?.apiVersion && schema.properties?.kind);
}

/** The constants of a resource kind, or why it has none. */
function resourceOf(name: string, schema: Schema, gvk: GroupVersionKind, index: OperationIndex): ResourceModel | string {
  const special = Object.hasOwn(SPECIAL_RESOURCES, name) ? SPECIAL_RESOURCES[name] : undefined;
  const facts = special
    ? { urlPathSegment: special.urlPathSegment, scope: special.scope, verbs: [], patchTypes: [], subresources: [] }
    : derivePathFacts(gvk, index);
  if (typeof facts === "string") return facts;
  const resource: ResourceModel = {
    apiVersion: apiVersionOf(gvk),
    group: gvk.group,
    version: gvk.version,
    kind: gvk.kind,
    ...facts,
    hasMetadata: Boolean(schema.properties?.metadata),
  };
  const deprecated = definitionDeprecation(schema);
  if (deprecated) resource.deprecated = deprecated;
  return resource;
}

/**
 * Whether `list` is the list of the kind `item`: `items` is an array of the kind,
 * `metadata` is ListMeta, and there are no other properties. `items` need not be marked
 * required: the pinned 1.28–1.30 specs forget it on the ValidatingAdmissionPolicy lists.
 */
export function isListOf(list: Schema, item: string): boolean {
  const props = list.properties ?? {};
  if (Object.keys(props).sort().join(",") !== "apiVersion,items,kind,metadata") return false;
  const items = props.items!;
  const itemRef = items.items && !Array.isArray(items.items) ? items.items.$ref : undefined;
  return items.type === "array" && itemRef === `#/definitions/${item}` && props.metadata!.$ref === `#/definitions/${LIST_META}`;
}

/** Two definitions may not be the same apiVersion + kind (resource kinds and list kinds alike). */
function checkUniqueKinds(definitions: Map<string, DefinitionModel>, file: string): void {
  const seen = new Map<string, string>();
  for (const def of definitions.values()) {
    const apiVersion = def.resource?.apiVersion ?? (def.list ? definitions.get(def.list.item)?.resource?.apiVersion : undefined);
    const kind = def.resource?.kind ?? def.list?.listKind;
    if (apiVersion === undefined || kind === undefined) continue;
    const key = `${apiVersion}\n${kind}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new GeneratorError(
        `definitions "${first}" and "${def.name}" are both apiVersion ${JSON.stringify(apiVersion)}, kind ${JSON.stringify(kind)}`,
        { file, pointer: jsonPointer("definitions", def.name, "x-kubernetes-group-version-kind") },
        "a kind has one definition; remove or rename the other one's x-kubernetes-group-version-kind",
      );
    }
    seen.set(key, def.name);
  }
}

function groupIntoModules(definitions: Map<string, DefinitionModel>, file: string): ModuleModel[] {
  const byModule = new Map<string, DefinitionModel[]>();
  for (const model of definitions.values()) {
    const list = byModule.get(model.module) ?? [];
    list.push(model);
    byModule.set(model.module, list);
  }
  const aliases = new Map<string, string>();
  const modules: ModuleModel[] = [];
  for (const path of [...byModule.keys()].sort()) {
    const defs = byModule.get(path)!.sort((a, b) => (a.exportName < b.exportName ? -1 : a.exportName > b.exportName ? 1 : 0));
    for (let i = 1; i < defs.length; i++) {
      if (defs[i]!.exportName === defs[i - 1]!.exportName) {
        throw new GeneratorError(
          `definitions "${defs[i - 1]!.name}" and "${defs[i]!.name}" both map to the export ${defs[i]!.exportName} of module ${path}`,
          { file, pointer: jsonPointer("definitions", defs[i]!.name) },
          "rename one of them in the document; the mapping from definition name to module is described in docs/type-rules.md",
        );
      }
    }
    if (path === HELPER_MODULE) {
      const clash = defs.find((d) => HELPER_TYPES.includes(d.exportName));
      if (clash) {
        throw new GeneratorError(
          `definition "${clash.name}" would be exported as ${clash.exportName} from ${path}, where the generator declares its helper type ${clash.exportName}`,
          { file, pointer: jsonPointer("definitions", clash.name) },
          "rename the definition in the document",
        );
      }
    }
    // Aliases may coincide ("a-b/v1" and "a_b/v1"); the emitters make each file's aliases unique.
    const alias = moduleAlias(path);
    aliases.set(alias, path);
    modules.push({ path, alias, definitions: defs });
  }
  return modules;
}
