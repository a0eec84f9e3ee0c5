// The benchmark's consumer program, shared by scripts/bench.ts (whole `tsc` runs) and
// scripts/bench-added-cost.ts (what the types add over an empty program): 22 kinds across 11
// groups typed with each library, the compiler options it is checked with, and the compilers.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "../generator/load/pinned-specs.js";

/** The version of our packages the consumers are written against (kubernetes-types 1.30.0 matches it). */
export const CONSUMER_VERSION = "1.30";

/** The consumers' compiler options, skipLibCheck aside (each benchmark runs it on and off). */
export const CONSUMER_COMPILER_OPTIONS = { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022"], types: [], incremental: false } as const;

export type Library = "ours" | "kubernetes-types" | "client-node";

/** kind, group module (ours and kubernetes-types), client-node model name, manifest body. */
export const KINDS: [string, string, string, string][] = [
  ["Pod", "core/v1", "V1Pod", `{ apiVersion: "v1", kind: "Pod", metadata: { name: "web", labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "500m", memory: "128Mi" } } }] } }`],
  ["Service", "core/v1", "V1Service", `{ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] } }`],
  ["ConfigMap", "core/v1", "V1ConfigMap", `{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { key: "value" } }`],
  ["Secret", "core/v1", "V1Secret", `{ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, type: "Opaque", stringData: { password: "x" } }`],
  ["Namespace", "core/v1", "V1Namespace", `{ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } }`],
  ["ServiceAccount", "core/v1", "V1ServiceAccount", `{ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa" } }`],
  ["Deployment", "apps/v1", "V1Deployment", `{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27", env: [{ name: "A", value: "1" }] }] } } } }`],
  ["StatefulSet", "apps/v1", "V1StatefulSet", `{ apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db" }, spec: { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres:16" }] } } } }`],
  ["DaemonSet", "apps/v1", "V1DaemonSet", `{ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "agent", image: "agent:1" }] } } } }`],
  ["Job", "batch/v1", "V1Job", `{ apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "run", image: "busybox", command: ["true"] }] } } } }`],
  ["CronJob", "batch/v1", "V1CronJob", `{ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "nightly" }, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "run", image: "busybox" }] } } } } } }`],
  ["Ingress", "networking/v1", "V1Ingress", `{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "web" }, spec: { rules: [{ host: "example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] } }`],
  ["NetworkPolicy", "networking/v1", "V1NetworkPolicy", `{ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress"] } }`],
  ["Role", "rbac/v1", "V1Role", `{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "read" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] }`],
  ["RoleBinding", "rbac/v1", "V1RoleBinding", `{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "read" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "read" }, subjects: [{ kind: "ServiceAccount", name: "sa" }] }`],
  ["ClusterRole", "rbac/v1", "V1ClusterRole", `{ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "view" }, rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get"] }] }`],
  ["HorizontalPodAutoscaler", "autoscaling/v2", "V2HorizontalPodAutoscaler", `{ apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 1, maxReplicas: 5 } }`],
  ["PodDisruptionBudget", "policy/v1", "V1PodDisruptionBudget", `{ apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } }`],
  ["StorageClass", "storage/v1", "V1StorageClass", `{ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "fast" }, provisioner: "kubernetes.io/no-provisioner" }`],
  ["CustomResourceDefinition", "apiextensions/v1", "V1CustomResourceDefinition", `{ apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "widgets.example.com" }, spec: { group: "example.com", names: { kind: "Widget", plural: "widgets" }, scope: "Namespaced", versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object" } } }] } }`],
  ["PriorityClass", "scheduling/v1", "V1PriorityClass", `{ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 }`],
  ["Lease", "coordination/v1", "V1Lease", `{ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "lock" }, spec: { holderIdentity: "me" } }`],
];

export function consumerSource(lib: Library): string {
  const lines: string[] = [`// ${KINDS.length} kinds across ${new Set(KINDS.map((k) => k[1])).size} groups, typed with ${lib}.`];
  if (lib === "client-node") lines.push(`import type { ${KINDS.map(([, , model]) => model).join(", ")} } from "@kubernetes/client-node";`);
  else {
    const byModule = new Map<string, string[]>();
    for (const [kind, module] of KINDS) byModule.set(module, [...(byModule.get(module) ?? []), kind]);
    for (const [module, kinds] of byModule) {
      const from = lib === "ours" ? `@k8s-openapi-ts/k8s-${CONSUMER_VERSION}/${module}` : `kubernetes-types/${module}`;
      lines.push(`import type { ${kinds.map((k) => `${k} as T${k}`).join(", ")} } from "${from}";`);
    }
  }
  for (const [kind, , model, body] of KINDS) lines.push(`export const ${kind[0]!.toLowerCase()}${kind.slice(1)}: ${lib === "client-node" ? model : `T${kind}`} = ${body};`);
  lines.push(`export const all = [${KINDS.map(([kind]) => `${kind[0]!.toLowerCase()}${kind.slice(1)}`).join(", ")}];`);
  return `${lines.join("\n")}\n`;
}


export interface Compiler {
  name: "TypeScript 5.9" | "TypeScript 7";
  command: string;
  pre: string[];
}

/** TypeScript 5.9 (node_modules/typescript) and TypeScript 7 (node_modules/typescript7). */
export async function typeScriptCompilers(): Promise<Compiler[]> {
  // TypeScript 7's bin is a node script that runs the native compiler as a child (on node 20,
  // without execve): the native executable is run directly, so time and memory are the
  // compiler's and not the wrapper's.
  let ts7: { command: string; pre: string[] } = { command: process.execPath, pre: [join(REPO_ROOT, "node_modules/typescript7/bin/tsc")] };
  try {
    const { default: getExePath } = (await import(pathToFileURL(join(REPO_ROOT, "node_modules/typescript7/lib/getExePath.js")).href)) as { default: () => string };
    ts7 = { command: getExePath(), pre: [] };
  } catch {
    // keep the wrapper
  }
  return [
    { name: "TypeScript 5.9", command: process.execPath, pre: [join(REPO_ROOT, "node_modules/typescript/bin/tsc")] },
    { name: "TypeScript 7", ...ts7 },
  ];
}
