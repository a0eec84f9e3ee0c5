// The fast formatter (generator/format/fast-format.ts) must print exactly what prettier
// prints: on every emitted file of a real package, and on the shapes it must hand back to
// prettier (quoted keys, long unions, escapes, non-ASCII…).
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { emitModules } from "../../generator/emit/emit-package.js";
import { emitPackageFiles } from "../../generator/emit/package-files.js";
import { formatTypesChunk, formatScriptChunk } from "../../generator/format/fast-format.js";
import { formatSource, PRETTIER_OPTIONS } from "../../generator/format/format-files.js";
import { buildModel } from "../../generator/model/build-model.js";
import { applyFixups } from "../../generator/normalise/fixups.js";
import { validateDocument } from "../../generator/validate/validate-document.js";
import { readSpec } from "../helpers.js";

type Parser = "typescript" | "babel" | "markdown";
const parserOf = (path: string): Parser | undefined =>
  /\.d\.m?ts$/.test(path) ? "typescript" : /\.m?js$/.test(path) ? "babel" : path.endsWith(".md") ? "markdown" : undefined;
const viaPrettier = (text: string, parser: Parser) => prettier.format(text, { ...PRETTIER_OPTIONS, parser });

describe("fast formatter", () => {
  it("prints every file of the 1.30 package exactly as prettier does", async () => {
    const doc = await validateDocument(readSpec("1.30"), "v1.30.swagger.json");
    const fixups = applyFixups(doc, "1.30", "v1.30.swagger.json");
    const model = buildModel(doc, "v1.30.swagger.json");
    const files = emitModules(model, { source: "the Kubernetes 1.30 document" });
    emitPackageFiles(model, { name: "@k8s-openapi-ts/k8s-1.30", version: "1.30.100", kubernetesVersion: "1.30", sourceDescription: "the Kubernetes 1.30 document", fixups }, files);
    const mismatches: string[] = [];
    for (const [path, text] of files) {
      const parser = parserOf(path);
      if (!parser) continue;
      if ((await formatSource(text, parser)) !== (await viaPrettier(text, parser))) mismatches.push(path);
    }
    expect(mismatches).toEqual([]);
  });

  const typeCases: [string, string][] = [
    ["indents members and JSDoc", "export interface A {\n/**\n * one\n *\n * \ttwo\n */\na?: string | null;\nb: {\nc: number;\n} | null;\nd: {\ne: string;\n}[];\n}\n"],
    ["unquotes identifier keys, keeps others", 'export interface A {\n"v1": {\nB: b.B;\n};\n"apps/v1": {\nB: b.B;\n};\n}\n'],
    ["breaks a long readonly tuple", `export declare const A: {\nreadonly VERBS: readonly [${Array.from({ length: 12 }, (_, i) => `"verb-number-${i}"`).join(", ")}];\n};\n`],
    ["breaks long List type arguments", `export type AVeryLongListNameThatIsLongerThanItShouldBeList = meta_v1.List<AVeryLongListNameThatIsLongerThanItShouldBe, "AVeryLongListNameThatIsLongerThanItShouldBeList">;\n`],
    ["long union (prettier)", `export interface A {\nphase?: ${Array.from({ length: 14 }, (_, i) => `"Phase${i}"`).join(" | ")} | null;\n}\n`],
    ["union with an array of objects (prettier)", "export interface A {\nb?: {\nc: string;\n}[] | null;\n}\n"],
    ["escaped string (prettier)", 'export interface A {\nb?: "say \\"hi\\"" | null;\n}\n'],
    ["single-line interface (prettier)", "export interface A { [key: string]: unknown }\n"],
    ["empty interface (prettier)", "export interface A {\n}\n"],
    ["numeric quoted key (prettier)", 'export interface A {\n"1": string;\n}\n'],
    ["non-ASCII (prettier)", 'export interface A {\nb?: "日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語" | null;\n}\n'],
    ["exponent number (prettier)", "export interface A {\nb?: 1E+21 | null;\n}\n"],
  ];
  for (const [name, text] of typeCases) {
    it(`.d.ts: ${name}`, async () => {
      expect(await formatSource(text, "typescript")).toBe(await viaPrettier(text, "typescript"));
    });
  }

  it("hands unknown shapes back instead of guessing", () => {
    expect(formatTypesChunk("export interface A {\nb?: {\nc: string;\n}[] | null;\n}")).toBeUndefined();
    expect(formatTypesChunk("export interface A { [key: string]: unknown }")).toBeUndefined();
    expect(formatTypesChunk("export type A = B extends C ? D : E;")).toBeUndefined();
    expect(formatScriptChunk('exports.A = Object.freeze({"a":1});')).toBeUndefined();
  });

  const scriptCases: [string, string][] = [
    [
      "constants statements",
      `"use strict";\n// Generated. Do not edit.\nObject.defineProperty(exports, "__esModule", { value: true });\nconst metadata = (object) => object.metadata;\nexports.Pod = Object.freeze({ API_VERSION: "v1", GROUP: "", KIND: "Pod", VERSION: "v1", URL_PATH_SEGMENT: "pods", SCOPE: "namespaced", LIST_KIND: "PodList", VERBS: Object.freeze(["get","list","watch","create","update","patch","delete","deletecollection"]), SUBRESOURCES: Object.freeze(["attach","binding","ephemeralcontainers","eviction","exec","log","portforward","proxy","resize","status"]), metadata });\nexports.A = Object.freeze({ K: "a", VERBS: Object.freeze([]) });\n`,
    ],
    [
      "constants with pure annotations and an inline accessor",
      `exports.A = Object.freeze({ API_VERSION: "v1", VERBS: /*#__PURE__*/ Object.freeze(["get","list","watch","create","update","patch","delete","deletecollection"]), SUBRESOURCES: /*#__PURE__*/ Object.freeze([${Array.from({ length: 12 }, (_, i) => `"subresource-${i}"`).join(",")}]), metadata: (object) => object.metadata });\nexports.B = Object.freeze({ K: "v1", metadata: (object) => object.metadata });\n`,
    ],
    ["ESM constants", `export const Pod = /*#__PURE__*/ Object.freeze({ API_VERSION: "v1", VERBS: Object.freeze(["get","list"]), metadata });\n`],
    ["JSON-ish object (prettier)", `export const PACKAGE_INFO = /*#__PURE__*/ Object.freeze({"name":"n","kubernetesVersion":"1.36"});\n`],
  ];
  for (const [name, text] of scriptCases) {
    it(`.js: ${name}`, async () => {
      expect(await formatSource(text, "babel")).toBe(await viaPrettier(text, "babel"));
    });
  }

  const markdownCases: [string, string][] = [
    ["ts and sh blocks", "# t\n\nSome *text*.\n\n```sh\nnpm   install x\n```\n\n```ts\nimport { Pod } from \"@x/k8s-1.36/core/v1\";\n\nfunction f<K extends { A: string; B: string; C: string; D: string; E: string; F: string; G: \"namespaced\" }>(k: K, n: string): string { return n }\n```\n"],
    ["a json block (prettier whole)", "# t\n\n```json\n{\"a\":1}\n```\n"],
    ["invalid TypeScript in a block", "# t\n\n```ts\nconst = ;\n```\n"],
    ["an indented fence", "- item\n\n  ```ts\n  const a   = 1\n  ```\n"],
  ];
  for (const [name, text] of markdownCases) {
    it(`.md: ${name}`, async () => {
      expect(await formatSource(text, "markdown")).toBe(await viaPrettier(text, "markdown"));
    });
  }

  it("falls back to whole-file prettier when a chunk is not self-contained", async () => {
    const text = "export interface A {\na: string;\n\nb: string;\n}\n";
    expect(await formatSource(text, "typescript")).toBe(await viaPrettier(text, "typescript"));
  });
});
