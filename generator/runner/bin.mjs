#!/usr/bin/env node
// Entry point of the `k8s-openapi-ts` command: runs the TypeScript sources, so the
// repository needs no build step — from a cached esbuild bundle of them when possible
// (fast start, see bundle.mjs), else through tsx.
import { importEntry } from "./bundle.mjs";

const { main } = await importEntry("cli");
process.exitCode = await main(process.argv);
