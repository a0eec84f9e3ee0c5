// The esbuild options both builds of the generator share — the repository's cached bundle
// (dev-bundle.mjs) and the published package's dist/ (build-dist.mjs): plain ES modules for
// Node.js 20, code split into chunks, dependencies left to node_modules.
export const NODE_ESM_BUNDLE = {
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
};
