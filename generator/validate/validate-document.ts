// Stage 2, validate: is this a Swagger 2.0 document we can generate from? Uses
// @apidevtools/swagger-parser's two validators (the Swagger 2.0 JSON schema and its spec
// rules) and adds a $ref check, so every problem is reported with a JSON pointer into the
// document as the user wrote it.
import { createRequire } from "node:module";
import { GeneratorError, jsonPointer } from "../errors.js";
import { refName } from "../model/names.js";
import type { Schema, SwaggerDocument } from "../spec-types.js";
// swagger-parser's schema validator with its compiled Ajv kept (it recompiles on every call).
import { validateSwaggerSchema } from "./swagger-schema.js";

const require = createRequire(import.meta.url);
// swagger-parser's validators, called one at a time on the raw document (its validate()
// dereferences first, which makes the error paths point into inlined copies).
const validateSwaggerSpec = require("@apidevtools/swagger-parser/lib/validators/spec.js") as (api: unknown) => void;

interface AjvError {
  instancePath: string;
  message?: string;
}

export async function validateDocument(doc: unknown, file: string): Promise<SwaggerDocument> {
  checkShape(doc, file);
  checkDepth(doc, file);
  try {
    validateSwaggerSchema(doc);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw validatorCrash(doc, file, error);
    const details = ((error as { details?: AjvError[] }).details ?? []).slice(0, 5);
    const first = details[0];
    const more = details.slice(1).map((d) => `\n  also ${d.instancePath || "/"} ${d.message ?? ""}`);
    throw new GeneratorError(
      `fails Swagger 2.0 validation: ${first?.message ?? (error as Error).message}${more.join("")}`,
      { file, pointer: first?.instancePath ?? "" },
    );
  }
  checkRefs(doc as SwaggerDocument, file);
  checkSpecRules(doc as SwaggerDocument, file);
  checkKubernetesExtensions(doc as SwaggerDocument, file);
  return doc as SwaggerDocument;
}

/**
 * Ajv compares array items with fast-deep-equal, which calls an object's own `toString` or
 * `valueOf` — a key of that name in a parameter or an enum value makes it throw. Point at the
 * key; anything else the validator throws is a bug of ours (an internal error).
 */
function validatorCrash(doc: unknown, file: string, error: unknown): unknown {
  const stack: { node: unknown; path: (string | number)[] }[] = [{ node: doc, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    // Children pushed last-first, so the first offending key in document order is found first.
    for (const [key, value] of Object.entries(node).reverse()) {
      if (!Array.isArray(node) && (key === "toString" || key === "valueOf") && typeof value !== "function" && path[path.length - 1] !== "properties" && path.length > 1) {
        return new GeneratorError(`a key named "${key}" is not allowed here (and breaks the Swagger 2.0 schema validator)`, { file, pointer: jsonPointer(...path, key) });
      }
      stack.push({ node: value, path: [...path, Array.isArray(node) ? Number(key) : key] });
    }
  }
  return error;
}

/** Deeper than any real document (Kubernetes specs nest about 10 levels, CRD schemas a few dozen). */
export const MAX_DEPTH = 256;

/** Refuses absurd nesting before any recursive code (the schema validator, the emitter) sees it. */
function checkDepth(doc: unknown, file: string): void {
  // Each entry links to its parent, so the pointer is only built for the one node that fails.
  type Entry = { node: unknown; depth: number; key: string | number; parent: Entry | undefined };
  const stack: Entry[] = [{ node: doc, depth: 0, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth >= MAX_DEPTH) {
      const path: (string | number)[] = [];
      for (let e: Entry | undefined = entry; e?.parent; e = e.parent) path.unshift(e.key);
      throw new GeneratorError(`the document nests deeper than ${MAX_DEPTH} levels here; no OpenAPI document needs that`, { file, pointer: jsonPointer(...path.slice(0, 32)) + (path.length > 32 ? "/…" : "") });
    }
    const node = entry.node as object;
    const isArray = Array.isArray(node);
    for (const [key, value] of Object.entries(node)) {
      if (value !== null && typeof value === "object") stack.push({ node: value, depth: entry.depth + 1, key: isArray ? Number(key) : key, parent: entry });
    }
  }
}

/**
 * swagger-parser's spec rules (declared path parameters, one body parameter, response codes,
 * required properties that exist…), run one path and one definition at a time on copies
 * whose local references are resolved one level, so every problem has an exact pointer.
 * (swagger-parser's own dereference reads `$ref`s as URLs and mangles names with `\` or `%`.)
 */
function checkSpecRules(doc: SwaggerDocument, file: string): void {
  const run = (api: object, pointer: string): void => {
    try {
      validateSwaggerSpec(api);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error; // the rules report with SyntaxError; anything else is a bug
      throw new GeneratorError(`fails Swagger 2.0 validation: ${(error as Error).message.replace(/^Validation failed\.\s*/, "")}`, { file, pointer });
    }
  };
  const parameter = (p: unknown): unknown => {
    const ref = (p as { $ref?: unknown } | null)?.$ref;
    const resolved = typeof ref === "string" ? doc.parameters?.[refName(ref, "parameters", doc.parameters) ?? ""] : p;
    return withSchema(resolved);
  };
  // Only what the rules read of a body or response schema: its type and items. (Their
  // required-properties rule calls `properties.hasOwnProperty`, which a property named
  // "hasOwnProperty" breaks; requiredPropertiesExist below does it safely.)
  const withSchema = (node: unknown): unknown => {
    const record = node as { schema?: Schema } | null;
    let schema = record?.schema;
    if (!schema || typeof schema !== "object") return node;
    if (typeof schema.$ref === "string") schema = doc.definitions[refName(schema.$ref, "definitions", doc.definitions) ?? ""] ?? {};
    return { ...record, schema: { type: schema.type, items: schema.items } };
  };
  const operationIds = new Map<string, string>();
  for (const [pathName, item] of Object.entries(doc.paths ?? {})) {
    if (!item || typeof item !== "object") continue;
    const copy: Record<string, unknown> = { ...item };
    if (Array.isArray(item.parameters)) copy.parameters = item.parameters.map(parameter);
    for (const method of SWAGGER_METHODS) {
      const op = (item as Record<string, unknown>)[method] as { operationId?: unknown; parameters?: unknown; responses?: Record<string, unknown> } | undefined;
      if (!op || typeof op !== "object") continue;
      if (typeof op.operationId === "string") {
        const pointer = jsonPointer("paths", pathName, method, "operationId");
        const first = operationIds.get(op.operationId);
        if (first) throw new GeneratorError(`fails Swagger 2.0 validation: duplicate operationId "${op.operationId}" (first at ${first})`, { file, pointer });
        operationIds.set(op.operationId, pointer);
      }
      const responses = Object.fromEntries(
        Object.entries(op.responses ?? {}).map(([code, r]) => {
          const ref = (r as { $ref?: unknown } | null)?.$ref;
          const response = typeof ref === "string" ? (doc.responses as Record<string, unknown> | undefined)?.[refName(ref, "responses", doc.responses as object | undefined) ?? ""] : r;
          return [code, withSchema(response)];
        }),
      );
      copy[method] = { ...op, ...(Array.isArray(op.parameters) ? { parameters: op.parameters.map(parameter) } : {}), responses };
    }
    run({ swagger: "2.0", paths: { [pathName]: copy } }, jsonPointer("paths", pathName));
  }
  for (const [name, definition] of Object.entries(doc.definitions)) requiredPropertiesExist(doc, definition, file, ["definitions", name]);
}

/** Every name in an object schema's `required` is one of its properties (or of an allOf part's). */
function requiredPropertiesExist(doc: SwaggerDocument, schema: Schema, file: string, path: string[]): void {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types.includes("object") || !Array.isArray(schema.required)) return;
  const names = new Set<string>(Object.keys(schema.properties ?? {}));
  for (const part of schema.allOf ?? []) {
    const resolved = typeof part?.$ref === "string" ? doc.definitions[refName(part.$ref, "definitions", doc.definitions) ?? ""] : part;
    for (const key of Object.keys(resolved?.properties ?? {})) names.add(key);
  }
  schema.required.forEach((name, i) => {
    if (!names.has(name)) {
      throw new GeneratorError(`fails Swagger 2.0 validation: property "${name}" is listed as required but is not a property of this schema`, { file, pointer: jsonPointer(...path, "required", i) });
    }
  });
}

const SWAGGER_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

/**
 * The Kubernetes extensions the generator reads must have their documented shape (the
 * Swagger schema lets `x-` keys hold anything): a GVK is strings, an action is a string.
 */
function checkKubernetesExtensions(doc: SwaggerDocument, file: string): void {
  const isGvk = (g: unknown): boolean =>
    g !== null && typeof g === "object" && ["group", "version", "kind"].every((k) => typeof (g as Record<string, unknown>)[k] === "string");
  const expect = (ok: boolean, what: string, pointer: string): void => {
    if (!ok) throw new GeneratorError(`${what}`, { file, pointer });
  };
  for (const [name, definition] of Object.entries(doc.definitions)) {
    const gvks = definition["x-kubernetes-group-version-kind"];
    if (gvks !== undefined) {
      expect(Array.isArray(gvks) && gvks.every(isGvk), 'x-kubernetes-group-version-kind must be a list of { "group": string, "version": string, "kind": string }', jsonPointer("definitions", name, "x-kubernetes-group-version-kind"));
    }
  }
  for (const [pathName, item] of Object.entries(doc.paths ?? {})) {
    for (const method of SWAGGER_METHODS) {
      const op = (item as Record<string, Record<string, unknown> | undefined>)[method];
      if (!op || typeof op !== "object") continue;
      const gvk = op["x-kubernetes-group-version-kind"];
      if (gvk !== undefined) expect(isGvk(gvk), 'x-kubernetes-group-version-kind must be { "group": string, "version": string, "kind": string }', jsonPointer("paths", pathName, method, "x-kubernetes-group-version-kind"));
      const action = op["x-kubernetes-action"];
      if (action !== undefined) expect(typeof action === "string", "x-kubernetes-action must be a string", jsonPointer("paths", pathName, method, "x-kubernetes-action"));
    }
  }
}

function checkShape(doc: unknown, file: string): asserts doc is SwaggerDocument {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new GeneratorError(`expected a JSON object (an OpenAPI v2 document), found ${Array.isArray(doc) ? "an array" : doc === null ? "null" : typeof doc}`, { file, pointer: "" });
  }
  const record = doc as Record<string, unknown>;
  if (typeof record.openapi === "string") {
    throw new GeneratorError(
      `this is an OpenAPI ${record.openapi} document; the generator needs the OpenAPI v2 (Swagger 2.0) document`,
      { file, pointer: "/openapi" },
      "a cluster serves it at /openapi/v2: `kubectl get --raw /openapi/v2 > swagger.json` (the /openapi/v3 endpoint serves one document per group-version)",
    );
  }
  if (record.swagger !== "2.0") {
    throw new GeneratorError(`expected "swagger": "2.0", found ${JSON.stringify(record.swagger) ?? "no swagger field"}`, { file, pointer: "/swagger" });
  }
  if (record.definitions === undefined || typeof record.definitions !== "object" || record.definitions === null) {
    throw new GeneratorError("the document has no definitions: there is nothing to generate", { file, pointer: "/definitions" });
  }
}

/** Every `$ref` must be a local `#/definitions/<name>` (or `#/parameters/<name>`) that exists. */
function checkRefs(doc: SwaggerDocument, file: string): void {
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string" && !isPropertyNamed$ref(path)) {
        const target = /^#\/(definitions|parameters|responses)\/(.+)$/.exec(value);
        const sectionName = target?.[1] as "definitions" | "parameters" | "responses" | undefined;
        const expected = expectedSection(path);
        if (!sectionName || refName(value, sectionName, doc[sectionName] as object | undefined) === undefined || sectionName !== expected) {
          throw new GeneratorError(
            !sectionName
              ? `$ref "${value}" is not a local reference to #/definitions, #/parameters or #/responses`
              : sectionName !== expected
                ? `$ref "${value}" must point into #/${expected} here`
                : `$ref "${value}" points to a ${sectionName.replace(/s$/, "")} that does not exist`,
            { file, pointer: jsonPointer(...path, "$ref") },
          );
        }
      } else {
        visit(value, [...path, key]);
      }
    }
  };
  visit(doc.definitions, ["definitions"]);
  visit(doc.paths, ["paths"]);
  visit(doc.parameters, ["parameters"]);
  visit(doc.responses, ["responses"]);
}

/** What a `$ref` at `path` may point to: a schema inside schemas, else a parameter or a response by position. */
function expectedSection(path: (string | number)[]): "definitions" | "parameters" | "responses" {
  if (path[0] === "definitions" || path.includes("schema")) return "definitions";
  if (typeof path[path.length - 1] === "number" && path[path.length - 2] === "parameters") return "parameters";
  if (path[path.length - 2] === "responses" && path[0] === "paths") return "responses";
  return "definitions";
}

// A schema's `properties` map may have a property literally named "$ref" (JSONSchemaProps has one).
function isPropertyNamed$ref(path: (string | number)[]): boolean {
  return path[path.length - 1] === "properties";
}

