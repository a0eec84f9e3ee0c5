#!/usr/bin/env node
// Entry point of the `k8s-openapi-ts` command. The installed package runs its built
// JavaScript (dist/, made by build-dist.mjs when it is packed); the repository has no build
// step and runs its TypeScript sources (dev-bundle.mjs: a cached esbuild bundle, else tsx).
import { existsSync } from "node:fs";

const fromSources = existsSync(new URL("./cli.ts", import.meta.url));
const { main } = fromSources ? await (await import("./dev-bundle.mjs")).importEntry("cli") : await import("../../dist/cli.mjs");
process.exitCode = await main(process.argv);
