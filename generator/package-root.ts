// Where the generator's own files are: the repository when it runs from its TypeScript
// sources, the installed `k8s-openapi-ts` package when it runs from its built files (dist/,
// see runner/build-dist.mjs). Both hold the files read at run time — the templates, the
// stable package's declarations, the pins — at the same paths, so they are found from the
// package root rather than from the running module (a bundle chunk lives elsewhere).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, parse } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_NAME = "k8s-openapi-ts";

/** The nearest folder at or above `from` whose package.json is this package's. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (dir === parse(dir).root) throw new Error(`${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} at or above ${from}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));

export const PACKAGE_ROOT = findPackageRoot(here);

/** The generator's version: its package.json's, recorded in every package it writes. */
export const GENERATOR_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** True in an installed package, which has the built files and no TypeScript sources (bin.mjs's rule too). */
export const RUNNING_FROM_DIST = !existsSync(join(PACKAGE_ROOT, "generator", "runner", "cli.ts"));

/** A file the generator reads at run time, by its path in the repository and the package. */
export function packageFile(...path: string[]): string {
  return join(PACKAGE_ROOT, ...path);
}
