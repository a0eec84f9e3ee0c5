// Stage 5 (continued): the package-level files — root index (apiVersion+kind map),
// resources.json, package.json and README.md.
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import type { PackageModel } from "../model/build-model.js";
import { moduleAlias } from "../model/names.js";
import { oneLine, type FileMap } from "./emit-package.js";
import { render } from "./templates.js";
import { GENERATOR_VERSION, packageFile } from "../package-root.js";

export { GENERATOR_VERSION };
export const REPOSITORY_URL = "https://github.com/k8s-openapi-ts/k8s-openapi-ts";
/** The types-only package of version-independent interfaces (the stable entry). */
export const STABLE_PACKAGE_NAME = "@k8s-openapi-ts/stable";
/** npm name of the package generated for a pinned Kubernetes minor. */
export function pinnedPackageName(version: string): string {
  return `@k8s-openapi-ts/k8s-${version}`;
}
/** Its version follows its own contract (semver of the interfaces), not the generator's. */
export const STABLE_PACKAGE_VERSION = "1.0.0";
/** The Node.js versions the packages are tested with and declare (the runtime is plain ES2015+). */
const ENGINES = { node: ">=18" };
/** Where the packages come from and how they are published (scoped packages are private unless told). */
const PUBLISHING = {
  homepage: `${REPOSITORY_URL}#readme`,
  bugs: { url: `${REPOSITORY_URL}/issues` },
  repository: { type: "git", url: `git+${REPOSITORY_URL}.git` },
  publishConfig: { access: "public" },
};

export interface PackageInfo {
  name: string;
  version: string;
  kubernetesVersion: string;
  /** One line: where the document came from. */
  sourceDescription: string;
  sha256?: string;
  fixups: string[];
  /** The README's pointer to CHANGES.md (pinned versions), e.g. "what changed since Kubernetes 1.35". */
  changes?: string;
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
      patchTypes: r.patchTypes,
      subresources: r.subresources,
      deprecated: r.deprecated ?? null,
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** The names templates/root-index.d.ts.hbs declares (an import alias must not take one). */
const ROOT_INDEX_NAMES = ["ResourceTypes", "ApiVersion", "ResourceOf", "AnyResource", "PACKAGE_INFO"];

export function emitPackageFiles(model: PackageModel, info: PackageInfo, files: FileMap): void {
  const byApiVersion = new Map<string, { kind: string; type: string }[]>();
  // Import aliases of the root index, unique and never one of the names it declares.
  const aliases = new Map<string, string>(); // module → alias
  const taken = new Set(ROOT_INDEX_NAMES);
  const aliasOf = (module: string): string => {
    let alias = aliases.get(module);
    if (alias) return alias;
    alias = moduleAlias(module);
    while (taken.has(alias)) alias += "_";
    taken.add(alias);
    aliases.set(module, alias);
    return alias;
  };
  for (const def of model.definitions.values()) {
    const kind = def.resource?.kind ?? def.list?.listKind;
    if (!kind || !(def.role === "resource" || def.role === "list")) continue;
    const apiVersion = def.resource?.apiVersion ?? model.definitions.get(def.list!.item)!.resource!.apiVersion;
    const list = byApiVersion.get(apiVersion) ?? [];
    list.push({ kind: /^[A-Za-z_$][\w$]*$/.test(kind) ? kind : JSON.stringify(kind), type: `${aliasOf(def.module)}.${def.exportName}` });
    byApiVersion.set(apiVersion, list);
  }
  const apiVersions = [...byApiVersion.keys()].sort().map((apiVersion) => ({
    apiVersion,
    kinds: byApiVersion.get(apiVersion)!.sort((a, b) => (a.kind < b.kind ? -1 : 1)),
  }));
  const imports = [...aliases.keys()].sort().map((m) => ({ alias: aliases.get(m)!, path: `./${posix.join(m, "index.js")}` }));
  files.set("index.d.ts", render("root-index.d.ts", { source: oneLine(info.sourceDescription), imports, apiVersions, name: info.name, kubernetesVersion: info.kubernetesVersion }));
  files.set("index.d.mts", `export * from "./index.js";\n`);
  const packageInfo = JSON.stringify({ name: info.name, kubernetesVersion: info.kubernetesVersion });
  files.set("index.js", `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.PACKAGE_INFO = Object.freeze(${packageInfo});\n`);
  files.set("index.mjs", `export const PACKAGE_INFO = /*#__PURE__*/ Object.freeze(${packageInfo});\n`);
  files.set("resources.json", resourcesJson(model));
  for (const [path, text] of stableEntryFiles()) files.set(`stable/${path}`, text);
  files.set("LICENSE", render("LICENSE", {}));
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
      stablePackage: STABLE_PACKAGE_NAME,
    }),
  );
}

/**
 * The stable entry's declarations, emitted verbatim: a real declaration file (with a package.json
 * beside it), so the client imports the very same interfaces as `@k8s-openapi-ts/stable`.
 */
const STABLE_DECLARATIONS = packageFile("generator", "emit", "stable", "index.d.ts");

/** The stable entry's files (types only, plus an empty CommonJS module so that `import` resolves at runtime too). */
function stableEntryFiles(): FileMap {
  return new Map([
    ["index.d.ts", readFileSync(STABLE_DECLARATIONS, "utf8")],
    ["index.js", `"use strict";\n// Generated by k8s-openapi-ts. Types only: see index.d.ts.\nObject.defineProperty(exports, "__esModule", { value: true });\n`],
  ]);
}

/**
 * The files of the tiny types-only package @k8s-openapi-ts/stable (unformatted): the same
 * declarations as the "./stable" subpath of every k8s-1.XX package.
 */
export function stablePackageFiles(): FileMap {
  const files = stableEntryFiles();
  const pkg = {
    name: STABLE_PACKAGE_NAME,
    version: STABLE_PACKAGE_VERSION,
    description: "Version-independent TypeScript interfaces that every @k8s-openapi-ts/k8s-1.XX package satisfies, for libraries that must accept whichever Kubernetes version the application picked",
    license: "Apache-2.0",
    ...PUBLISHING,
    keywords: ["kubernetes", "k8s", "typescript", "types"],
    type: "commonjs",
    sideEffects: false,
    engines: ENGINES,
    main: "./index.js",
    types: "./index.d.ts",
    exports: { ".": { types: "./index.d.ts", default: "./index.js" }, "./package.json": "./package.json" },
    files: ["index.js", "index.d.ts", "README.md", "LICENSE"],
    generator: { name: "k8s-openapi-ts", version: GENERATOR_VERSION },
  };
  files.set("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
  files.set("README.md", render("stable-README.md", { name: STABLE_PACKAGE_NAME, version: STABLE_PACKAGE_VERSION, repository: REPOSITORY_URL }));
  files.set("LICENSE", render("LICENSE", {}));
  return files;
}

function packageJson(model: PackageModel, info: PackageInfo): string {
  const exportsMap: Record<string, unknown> = {
    ".": conditions("."),
    "./stable": { types: "./stable/index.d.ts", default: "./stable/index.js" },
    "./resources.json": "./resources.json",
    "./package.json": "./package.json",
  };
  for (const module of model.modules) exportsMap[`./${module.path}`] = conditions(`./${module.path}`);
  const pkg = {
    name: info.name,
    version: info.version,
    description: `TypeScript types and resource constants for the Kubernetes ${info.kubernetesVersion} API`,
    license: "Apache-2.0",
    ...PUBLISHING,
    keywords: ["kubernetes", "k8s", "typescript", "types", `kubernetes-${info.kubernetesVersion}`],
    type: "commonjs",
    sideEffects: false,
    engines: ENGINES,
    main: "./index.js",
    module: "./index.mjs",
    types: "./index.d.ts",
    exports: exportsMap,
    files: ["**/*.js", "**/*.mjs", "**/*.d.ts", "**/*.d.mts", "resources.json", "README.md", ...(info.changes ? ["CHANGES.md"] : []), "LICENSE"],
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
