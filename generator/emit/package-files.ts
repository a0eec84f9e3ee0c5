// Stage 5 (continued): the package-level files — root index (apiVersion+kind map),
// resources.json, package.json and README.md.
import { posix } from "node:path";
import type { PackageModel } from "../model/build-model.js";
import { moduleAlias } from "../model/names.js";
import type { FileMap } from "./emit-package.js";
import { render } from "./templates.js";

export const GENERATOR_VERSION = "0.1.0";
export const REPOSITORY_URL = "https://github.com/k8s-openapi-ts/k8s-openapi-ts";

export interface PackageInfo {
  name: string;
  version: string;
  kubernetesVersion: string;
  /** One line: where the document came from. */
  sourceDescription: string;
  sha256?: string;
  fixups: string[];
  /** Extra package.json fields, e.g. dependencies of a CRD package. */
  packageJsonExtra?: Record<string, unknown>;
}

/** `<k8s major>.<k8s minor>.<generator release as MAJOR*10000+MINOR*100+PATCH>`. */
export function packageVersionFor(kubernetesVersion: string, generatorVersion = GENERATOR_VERSION): string {
  const [gMajor = 0, gMinor = 0, gPatch = 0] = generatorVersion.split(".").map(Number);
  const [kMajor = "0", kMinor = "0"] = kubernetesVersion.split(".");
  return `${Number(kMajor)}.${Number(kMinor)}.${gMajor * 10000 + gMinor * 100 + gPatch}`;
}

export function resourcesJson(model: PackageModel): string {
  const entries = model.resources.map((def) => {
    const r = def.resource!;
    return {
      definition: def.name,
      importPath: def.module,
      exportName: def.exportName,
      apiVersion: r.apiVersion,
      group: r.group,
      version: r.version,
      kind: r.kind,
      urlPathSegment: r.urlPathSegment,
      scope: r.scope,
      listKind: r.listKind ?? null,
      verbs: r.verbs,
      subresources: r.subresources,
      deprecated: r.deprecated ?? null,
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

export function emitPackageFiles(model: PackageModel, info: PackageInfo, files: FileMap): void {
  const byApiVersion = new Map<string, { kind: string; type: string }[]>();
  const usedModules = new Set<string>();
  for (const def of model.definitions.values()) {
    const kind = def.resource?.kind ?? def.list?.listKind;
    if (!kind || !(def.role === "resource" || def.role === "list")) continue;
    const apiVersion = def.resource?.apiVersion ?? model.definitions.get(def.list!.item)!.resource!.apiVersion;
    usedModules.add(def.module);
    const list = byApiVersion.get(apiVersion) ?? [];
    list.push({ kind: /^[A-Za-z_$][\w$]*$/.test(kind) ? kind : JSON.stringify(kind), type: `${moduleAlias(def.module)}.${def.exportName}` });
    byApiVersion.set(apiVersion, list);
  }
  const apiVersions = [...byApiVersion.keys()].sort().map((apiVersion) => ({
    apiVersion,
    kinds: byApiVersion.get(apiVersion)!.sort((a, b) => (a.kind < b.kind ? -1 : 1)),
  }));
  const imports = [...usedModules].sort().map((m) => ({ alias: moduleAlias(m), path: `./${posix.join(m, "index.js")}` }));
  files.set("index.d.ts", render("root-index.d.ts", { source: info.sourceDescription, imports, apiVersions, name: info.name, kubernetesVersion: info.kubernetesVersion }));
  files.set("index.d.mts", `export * from "./index.js";\n`);
  const packageInfo = JSON.stringify({ name: info.name, kubernetesVersion: info.kubernetesVersion });
  files.set("index.js", `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.PACKAGE_INFO = Object.freeze(${packageInfo});\n`);
  files.set("index.mjs", `export const PACKAGE_INFO = /*#__PURE__*/ Object.freeze(${packageInfo});\n`);
  files.set("resources.json", resourcesJson(model));
  files.set("package.json", packageJson(model, info));
  files.set(
    "README.md",
    render("README.md", {
      ...info,
      packageVersion: info.version,
      generatorVersion: GENERATOR_VERSION,
      repository: REPOSITORY_URL,
      resourceCount: model.resources.length,
      sha256: info.sha256 ?? "",
    }),
  );
}

function packageJson(model: PackageModel, info: PackageInfo): string {
  const exportsMap: Record<string, unknown> = {
    ".": conditions("."),
    "./resources.json": "./resources.json",
    "./package.json": "./package.json",
  };
  for (const module of model.modules) exportsMap[`./${module.path}`] = conditions(`./${module.path}`);
  const pkg = {
    name: info.name,
    version: info.version,
    description: `TypeScript types and resource constants for the Kubernetes ${info.kubernetesVersion} API`,
    license: "Apache-2.0",
    repository: { type: "git", url: `git+${REPOSITORY_URL}.git` },
    keywords: ["kubernetes", "k8s", "typescript", "types", `kubernetes-${info.kubernetesVersion}`],
    sideEffects: false,
    engines: { node: ">=18" },
    main: "./index.js",
    module: "./index.mjs",
    types: "./index.d.ts",
    exports: exportsMap,
    files: ["**/*.js", "**/*.mjs", "**/*.d.ts", "**/*.d.mts", "resources.json", "README.md"],
    kubernetes: { version: info.kubernetesVersion, source: info.sourceDescription, sha256: info.sha256 ?? null, fixups: info.fixups },
    generator: { name: "k8s-openapi-ts", version: GENERATOR_VERSION },
    ...info.packageJsonExtra,
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function conditions(base: string) {
  const dir = base === "." ? "." : base;
  return {
    import: { types: `${dir}/index.d.mts`, default: `${dir}/index.mjs` },
    require: { types: `${dir}/index.d.ts`, default: `${dir}/index.js` },
  };
}
