// Stage 2, validate: is this a Swagger 2.0 document we can generate from? Uses
// @apidevtools/swagger-parser's two validators (the Swagger 2.0 JSON schema and its spec
// rules) and adds a $ref check, so every problem is reported with a JSON pointer into the
// document as the user wrote it.
import { createRequire } from "node:module";
import SwaggerParser from "@apidevtools/swagger-parser";
import { GeneratorError, jsonPointer } from "../errors.js";
import type { SwaggerDocument } from "../spec-types.js";

const require = createRequire(import.meta.url);
// swagger-parser's validators, called one at a time on the raw document (its validate()
// dereferences first, which makes the error paths point into inlined copies).
const validateSwaggerSchema = require("@apidevtools/swagger-parser/lib/validators/schema.js") as (api: unknown) => void;
const validateSwaggerSpec = require("@apidevtools/swagger-parser/lib/validators/spec.js") as (api: unknown) => void;

interface AjvError {
  instancePath: string;
  message?: string;
}

export async function validateDocument(doc: unknown, file: string): Promise<SwaggerDocument> {
  checkShape(doc, file);
  try {
    validateSwaggerSchema(doc);
  } catch (error) {
    const details = ((error as { details?: AjvError[] }).details ?? []).slice(0, 5);
    const first = details[0];
    const more = details.slice(1).map((d) => `\n  also ${d.instancePath || "/"} ${d.message ?? ""}`);
    throw new GeneratorError(
      `fails Swagger 2.0 validation: ${first?.message ?? (error as Error).message}${more.join("")}`,
      { file, pointer: first?.instancePath ?? "" },
    );
  }
  checkRefs(doc as SwaggerDocument, file);
  // The spec rules (unique operation ids, declared path parameters…) need a dereferenced copy.
  const parser = new SwaggerParser();
  try {
    await parser.dereference(structuredClone(doc) as never, { dereference: { circular: "ignore" } } as never);
    validateSwaggerSpec(parser.api);
  } catch (error) {
    const message = (error as Error).message.replace(/^Validation failed\.\s*/, "");
    const pointer = /(#\/\S+)/.exec(message)?.[1]?.slice(1);
    throw new GeneratorError(`fails Swagger 2.0 validation: ${message}`, { file, pointer: pointer ?? "" });
  }
  return doc as SwaggerDocument;
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
        const target = /^#\/(definitions|parameters)\/(.+)$/.exec(value);
        const section = target && (doc[target[1] as "definitions" | "parameters"] as Record<string, unknown> | undefined);
        if (!target || !section || !Object.hasOwn(section, unescapePointer(target[2]!))) {
          throw new GeneratorError(
            target ? `$ref "${value}" points to a definition that does not exist` : `$ref "${value}" is not a local reference to #/definitions or #/parameters`,
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
}

// A schema's `properties` map may have a property literally named "$ref" (JSONSchemaProps has one).
function isPropertyNamed$ref(path: (string | number)[]): boolean {
  return path[path.length - 1] === "properties";
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}
