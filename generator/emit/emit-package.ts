// Stage 5, emit: the package model → the files of an npm package (unformatted text).
//
// Per module: index.d.ts (types and constant declarations), index.js (CommonJS
// constants), index.mjs (ES module constants) and index.d.mts (ESM view of the types).
// At the root: the apiVersion+kind map, resources.json, package.json and README.md.
import { posix } from "node:path";
import { GeneratorError, jsonPointer } from "../errors.js";
import type { DefinitionModel, ModuleModel, PackageModel } from "../model/build-model.js";
import { moduleAlias, refName } from "../model/names.js";
import { HELPER_MODULE, HELPER_TYPES, SPECIAL_TYPES, definitionDeprecation, specialTypeText } from "../special-cases.js";
import { jsdoc } from "./jsdoc.js";
import { OBJECT_META, propertyMembers, schemaToType, type TypeContext } from "./schema-to-type.js";
import type { Schema } from "../spec-types.js";
import { render } from "./templates.js";


export interface EmitOptions {
  /** Shown in file headers: the input's name (not a local path). */
  source: string;
  /** Definitions provided by another package (CRD packages import ObjectMeta from a Kubernetes package). */
  external?: ExternalTypes;
}

export interface ExternalTypes {
  /** The package specifier, e.g. "@k8s-openapi-ts/k8s-1.36". */
  packageName: string;
  /** definition name → module path and export name inside that package. */
  locate(definitionName: string): { module: string; exportName: string } | undefined;
}

/** Text for a `//` comment: a line break in it (a spec's file name may hold one) would end the comment. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085]+/g, " ");
}

/** Emitted files by path relative to the package root. */
export type FileMap = Map<string, string>;

export function emitModules(model: PackageModel, options: EmitOptions): FileMap {
  const files: FileMap = new Map();
  const emitted = new Set<string>();
  for (const module of model.modules) {
    const { dts, cjs, mjs } = emitModule(module, model, options, emitted);
    files.set(`${module.path}/index.d.ts`, dts);
    files.set(`${module.path}/index.d.mts`, `export * from "./index.js";\n`);
    files.set(`${module.path}/index.js`, cjs);
    files.set(`${module.path}/index.mjs`, mjs);
  }
  // Completeness: every definition is emitted or deliberately mapped.
  const missing = [...model.definitions.keys()].filter((name) => !emitted.has(name));
  if (missing.length > 0) {
    throw new GeneratorError(`internal: ${missing.length} definitions were neither emitted nor mapped: ${missing.slice(0, 5).join(", ")}`, {
      file: options.source,
      pointer: jsonPointer("definitions", missing[0]!),
    });
  }
  return files;
}

function emitModule(module: ModuleModel, model: PackageModel, options: EmitOptions, emitted: Set<string>) {
  const imports = new Map<string, string>(); // alias → import path
  const aliasOf = new Map<string, string>(); // import path → alias
  // An alias must not shadow a name this module declares (a definition may be called "meta_v1").
  const declared = new Set([...module.definitions.map((d) => d.exportName), ...(module.path === HELPER_MODULE ? HELPER_TYPES : [])]);
  const importModule = (target: string, packageName?: string): string => {
    const raw = packageName ? `${packageName}/${target}` : `${posix.relative(module.path, target) || "."}/index.js`;
    const from = raw.startsWith(".") || packageName ? raw : `./${raw}`;
    const known = aliasOf.get(from);
    if (known) return known;
    let alias = packageName ? `${moduleAlias(target)}_` : moduleAlias(target);
    while (declared.has(alias) || imports.has(alias)) alias += "_";
    imports.set(alias, from);
    aliasOf.set(from, alias);
    return alias;
  };
  const spell = (targetModule: string, exportName: string, packageName?: string): string =>
    targetModule === module.path && !packageName ? exportName : `${importModule(targetModule, packageName)}.${exportName}`;

  const ctx: TypeContext = {
    refName: (ref) => refName(ref, "definitions", (name) => model.definitions.has(name) || options.external?.locate(name) !== undefined),
    ref(name) {
      const target = model.definitions.get(name);
      if (target) return spell(target.module, target.exportName);
      const external = options.external?.locate(name);
      if (external) return spell(external.module, external.exportName, options.external!.packageName);
      throw new GeneratorError(`$ref to the unknown definition "${name}"`, { file: options.source, pointer: jsonPointer("definitions", name) });
    },
    isResource: (name) => model.definitions.get(name)?.role === "resource",
    helper(name) {
      if (name === "ObjectMeta") return ctx.ref(OBJECT_META);
      if (!model.helpersExternal || !options.external) return spell(HELPER_MODULE, name);
      return spell(HELPER_MODULE, name, options.external.packageName);
    },
  };

  // The helpers are declared in this package's meta/v1, or taken from the external package's.
  const helpersAvailable = model.modules.some((m) => m.path === HELPER_MODULE) || (model.helpersExternal && options.external !== undefined);
  const declarations: string[] = [];
  if (module.path === HELPER_MODULE) declarations.push(render("meta-helpers.d.ts", {}));
  const resources: { exportName: string; constants: string }[] = [];
  for (const def of module.definitions) {
    declarations.push(declare(def, ctx, model));
    emitted.add(def.name);
    if (def.role === "resource") {
      declarations.push(constantsDeclaration(def, ctx, helpersAvailable));
      resources.push({ exportName: def.exportName, constants: constantsObject(def) });
    }
  }
  const importList = [...imports.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([alias, path]) => ({ alias, path }));
  const dts = render("module.d.ts", { source: oneLine(options.source), imports: importList, declarations });
  return { dts, cjs: render("module.cjs", { resources }), mjs: render("module.mjs", { resources }) };
}

/** The type declaration of one definition, by its role. */
function declare(def: DefinitionModel, ctx: TypeContext, model: PackageModel): string {
  const description = def.schema.description;
  const deprecated = definitionDeprecation(def.schema) ?? def.resource?.deprecated;
  const doc = jsdoc(description, { deprecated });
  switch (def.role) {
    case "special": {
      const special = SPECIAL_TYPES[def.name]!;
      const text = specialTypeText(def.name, (target) => ctx.ref(target));
      const why = `Mapped by k8s-openapi-ts: ${special.why}.`;
      return `${jsdoc(description, { deprecated, extra: [why] })}export type ${def.exportName}${special.typeParameters ? `<${special.typeParameters}>` : ""} = ${text};`;
    }
    case "list": {
      const item = model.definitions.get(def.list!.item)!;
      return `${doc}export type ${def.exportName} = ${ctx.helper("List")}<${ctx.ref(item.name)}, ${JSON.stringify(def.list!.listKind)}>;`;
    }
    case "resource": {
      const r = def.resource!;
      const overrides = { apiVersion: JSON.stringify(r.apiVersion), kind: JSON.stringify(r.kind) };
      const members = propertyMembers(resourceSchema(def), ctx, overrides);
      if (resourceKeepsUnknownFields(def)) members.push("[key: string]: unknown;");
      return `${doc}export interface ${def.exportName} {\n${members.join("\n")}\n}`;
    }
    case "type": {
      const type = schemaToType(def.schema, ctx);
      return type.startsWith("{") && !def.schema.nullable
        ? `${doc}export interface ${def.exportName} ${type}`
        : `${doc}export type ${def.exportName} = ${type};`;
    }
  }
}

/** A resource kind's schema as declared: `apiVersion` and `kind` required (as literals of the kind). */
export function resourceSchema(def: DefinitionModel): Schema {
  return { ...def.schema, required: [...new Set([...(def.schema.required ?? []), "apiVersion", "kind"])] };
}

/** A CRD may keep unknown fields at the root of its kind (x-kubernetes-preserve-unknown-fields): an index signature. */
export function resourceKeepsUnknownFields(def: DefinitionModel): boolean {
  return Boolean(def.schema["x-kubernetes-preserve-unknown-fields"]);
}

function constantsDeclaration(def: DefinitionModel, ctx: TypeContext, helpersAvailable: boolean): string {
  const r = def.resource!;
  const metadataSchema = def.schema.properties?.metadata;
  let metadataType: string | undefined;
  if (metadataSchema) {
    metadataType = schemaToType(metadataSchema, ctx);
    if (!def.schema.required?.includes("metadata")) metadataType += " | null | undefined";
  }
  const doc = jsdoc(
    `Constants of the ${r.kind} kind (${r.apiVersion}) for generic clients: GVK, URL path segment, scope${r.listKind ? ", list kind" : ""}, verbs, accepted patch types and subresources, from the document's paths.`,
    { deprecated: r.deprecated },
  );
  // Without the meta/v1 helpers (a document with no meta/v1 and no package to take them
  // from), the constants are spelled out as a type literal.
  if (!helpersAvailable) {
    return render("resource-constants.d.ts", {
      doc,
      exportName: def.exportName,
      ...r,
      listKind: r.listKind ?? "",
      subresourceNames: r.subresources.map((s) => s.name),
      metadataType: metadataType ?? "",
    });
  }
  return `${doc}export declare const ${def.exportName}: ${constantsType(def, ctx, metadataType)};`;
}

/**
 * The type of a kind's constants through the meta/v1 helpers: `ResourceConstants<literals…>`,
 * `& ListKindConstant<"PodList">` when it has a list, `& MetadataAccessor<Pod, ObjectMeta>`
 * when it has metadata. The same members, literal types and readonly-ness as a type literal,
 * without a symbol per member per kind in every program that loads the module.
 */
export function constantsType(def: DefinitionModel, ctx: TypeContext, metadataType: string | undefined): string {
  const r = def.resource!;
  const tuple = (items: string[]) => `readonly [${items.map((i) => JSON.stringify(i)).join(", ")}]`;
  const literals = [r.apiVersion, r.group, r.kind, r.version, r.urlPathSegment, r.scope].map((v) => JSON.stringify(v));
  const args = [...literals, tuple(r.verbs), tuple(r.patchTypes), tuple(r.subresources.map((s) => s.name))];
  const parts = [`${ctx.helper("ResourceConstants")}<${args.join(", ")}>`];
  if (r.listKind) parts.push(`${ctx.helper("ListKindConstant")}<${JSON.stringify(r.listKind)}>`);
  if (metadataType) parts.push(`${ctx.helper("MetadataAccessor")}<${def.exportName}, ${metadataType}>`);
  return parts.join(" & ");
}

function constantsObject(def: DefinitionModel): string {
  const r = def.resource!;
  const entries: [string, string][] = [
    ["API_VERSION", JSON.stringify(r.apiVersion)],
    ["GROUP", JSON.stringify(r.group)],
    ["KIND", JSON.stringify(r.kind)],
    ["VERSION", JSON.stringify(r.version)],
    ["URL_PATH_SEGMENT", JSON.stringify(r.urlPathSegment)],
    ["SCOPE", JSON.stringify(r.scope)],
  ];
  if (r.listKind) entries.push(["LIST_KIND", JSON.stringify(r.listKind)]);
  entries.push(["VERBS", `/*#__PURE__*/ Object.freeze(${JSON.stringify(r.verbs)})`]);
  entries.push(["PATCH_TYPES", `/*#__PURE__*/ Object.freeze(${JSON.stringify(r.patchTypes)})`]);
  entries.push(["SUBRESOURCES", `/*#__PURE__*/ Object.freeze(${JSON.stringify(r.subresources.map((s) => s.name))})`]);
  // Inline, not a shared module-level helper: an export may itself be called "metadata".
  if (r.hasMetadata) entries.push(["metadata", "(object) => object.metadata"]);
  return `{ ${entries.map(([k, v]) => (k === v ? k : `${k}: ${v}`)).join(", ")} }`;
}
