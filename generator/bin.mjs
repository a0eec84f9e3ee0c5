#!/usr/bin/env node
// Entry point of the `k8s-openapi-ts` command: runs the TypeScript sources through tsx,
// so the repository needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv);
