// The memoised Swagger 2.0 schema check must throw exactly what swagger-parser's own
// validator throws (message and Ajv details), and accept what it accepts.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { validateSwaggerSchema } from "../../generator/validate/swagger-schema.js";
import { readSpec } from "../helpers.js";

const require = createRequire(import.meta.url);
const original = require("@apidevtools/swagger-parser/lib/validators/schema.js") as (api: unknown) => void;

const thrown = (f: () => void) => {
  try {
    f();
    return undefined;
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message, details: (error as { details?: unknown }).details };
  }
};

describe("Swagger 2.0 schema check", () => {
  const documents: [string, unknown][] = [
    ["the 1.36 spec", readSpec("1.36")],
    ["missing info.version", { swagger: "2.0", info: { title: "t" }, paths: {} }],
    ["bad definitions", { swagger: "2.0", info: { title: "t", version: "1" }, paths: {}, definitions: { A: { type: "nope", required: 3 } } }],
    ["bad path item", { swagger: "2.0", info: { title: "t", version: "1" }, paths: { "/x": { get: { responses: 5 } } } }],
  ];
  for (const [name, doc] of documents) {
    it(`matches swagger-parser on ${name}, twice`, () => {
      const want = thrown(() => original(doc));
      expect(thrown(() => validateSwaggerSchema(doc))).toEqual(want);
      expect(thrown(() => validateSwaggerSchema(doc))).toEqual(want);
    });
  }
});
