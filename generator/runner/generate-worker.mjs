// Entry of a generate-all worker thread when the CLI runs through tsx (see dev-bundle.mjs):
// worker threads do not inherit the loader hooks, so register tsx here too.
import { register } from "tsx/esm/api";

register();
await import("./generate-worker.ts");
