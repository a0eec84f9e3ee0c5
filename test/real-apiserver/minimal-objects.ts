// A minimal valid object of every kind of a generated package that a bare API server (no
// controller-manager, no nodes; see docs/real-apiserver-client.md) lets you create, for the
// client-verbs suite of 4c.
//
// Nothing here is written per kind. Which kinds are creatable comes from the package's
// constants (VERBS has "create", SCOPE is not "subresource"); the object is built from the
// kind's definition in the OpenAPI document the package was generated from: every required
// property, recursively, and `spec` wherever there is one. Where a schema need is more than its
// structure says (a value rule, an enum the document does not list, a field that validation
// requires but the schema does not), a filler in FILLERS supplies it, keyed by the schema
// need, not by the kind: `<group>.<Definition>` or `<group>.<Definition>.<property>`, the
// version left out so one filler serves v1, v1beta1 and v1alpha1 alike. The few kinds that need
// more than that are in SPECIAL_CASES, each with its reason.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KubeObject } from "../../client/src/index.js";
import type { SwaggerDocument } from "../../generator/spec-types.js";
import type { ResourceEntry } from "../helpers.js";

/** What a kind's test does, derived from its constants. */
export type Plan =
  /** VERBS has create and get: the whole verb set the constants name. */
  | { kind: "full" }
  /** VERBS is ["create"] only (reviews, Binding): create, dry-run and strict validation. */
  | { kind: "create-only" }
  | { kind: "skipped"; reason: string };

/** Everything a filler may depend on. */
export interface FillContext {
  entry: ResourceEntry;
  /** The object's name (already made valid for the kind). */
  name: string;
  /** The namespace for namespaced kinds. */
  namespace: string | undefined;
  /** The labels every object of this kind's test carries (deletecollection selects by them). */
  labels: Record<string, string>;
  /** 0, 1, 2… for the several objects of one kind (paged list). */
  index: number;
  /** A number unique to (kind, index) within the package: for IPs, CIDRs, groups. */
  unique: number;
}

type Filler = (ctx: FillContext) => unknown;

const EXAMPLE_GROUP = "k8s-openapi-ts.example.com";
const IMAGE = "registry.k8s.io/pause:3.10";
/** An admission policy that matches only a resource nothing creates: harmless to the rest of the suite. */
const MATCH_NOTHING = { resourceRules: [{ apiGroups: [EXAMPLE_GROUP], apiVersions: ["v1"], operations: ["CREATE"], resources: ["nothings"] }] };

const podSpec = (restartPolicy: "Always" | "Never") => ({ restartPolicy, containers: [{ name: "c", image: IMAGE }] });
const podTemplate = (restartPolicy: "Always" | "Never") => (ctx: FillContext) => ({ metadata: { labels: { app: ctx.name } }, spec: podSpec(restartPolicy) });

/** Certificates made once per run with openssl (the harness needs it anyway). */
const pem = (() => {
  let cached: { csr: string; caCert: string } | undefined;
  return () => {
    if (!cached) {
      const dir = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-pem-"));
      try {
        execFileSync("openssl", ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=minimal-objects", "-keyout", join(dir, "k"), "-out", join(dir, "csr")], { stdio: "ignore" });
        execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=minimal-objects CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", join(dir, "k2"), "-out", join(dir, "ca")], { stdio: "ignore" });
        cached = { csr: readFileSync(join(dir, "csr"), "utf8"), caCert: readFileSync(join(dir, "ca"), "utf8") };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return cached;
  };
})();

/**
 * Values a schema need requires beyond its structure, keyed `<group>.<Definition>[.<property>]`.
 * A property filler also adds an optional property; a definition filler replaces the walk.
 */
export const FILLERS: Record<string, Filler> = {
  // --- pods and their templates: a container with an image; a template whose labels the selector matches.
  "core.PodSpec": () => podSpec("Always"),
  "core.PodTemplateSpec": podTemplate("Always"),
  "batch.JobSpec.template": podTemplate("Never"),
  "meta.LabelSelector": (ctx) => ({ matchLabels: { app: ctx.name } }),
  "apps.ReplicaSetSpec.template": podTemplate("Always"),
  "core.ReplicationControllerSpec.template": podTemplate("Always"),
  "core.PodTemplate.template": podTemplate("Always"),
  // --- values with a format or an enum the document does not spell out.
  "meta.MicroTime": () => "2026-01-01T00:00:00.000000Z",
  "core.ServiceSpec.ports": () => [{ port: 80 }],
  "core.LimitRangeItem.type": () => "Container",
  "core.PersistentVolumeSpec": () => ({ capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], hostPath: { path: "/tmp/minimal-objects" } }),
  "core.PersistentVolumeClaimSpec": () => ({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } }),
  "core.Event.involvedObject": (ctx) => ({ apiVersion: "v1", kind: "Pod", name: "some-pod", namespace: ctx.namespace }),
  "core.Binding.target": () => ({ apiVersion: "v1", kind: "Node", name: "binding-target-node" }),
  "discovery.EndpointSlice.addressType": () => "IPv4",
  "discovery.EndpointSlice.endpoints": () => [],
  "events.Event.regarding": (ctx) => ({ apiVersion: "v1", kind: "Pod", name: "some-pod", namespace: ctx.namespace }),
  "events.Event.reportingController": () => "example.com/minimal-objects",
  "events.Event.reportingInstance": () => "minimal-objects-1",
  "events.Event.action": () => "Test",
  "events.Event.reason": () => "Test",
  "events.Event.type": () => "Normal",
  "apiextensions.CustomResourceDefinitionSpec": (ctx) => ({
    group: EXAMPLE_GROUP,
    names: { plural: `widgets${ctx.unique}`, singular: `widget${ctx.unique}`, kind: `Widget${ctx.unique}`, listKind: `Widget${ctx.unique}List` },
    scope: "Namespaced",
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
  }),
  "apiregistration.APIServiceSpec": (ctx) => ({ group: `apiservice${ctx.unique}.${EXAMPLE_GROUP}`, version: "v1", groupPriorityMinimum: 1000, versionPriority: 15 }),
  "apps.ControllerRevision.revision": () => 1,
  "apps.ControllerRevision.data": () => ({}),
  "autoscaling.CrossVersionObjectReference": () => ({ apiVersion: "apps/v1", kind: "Deployment", name: "some-deployment" }),
  "autoscaling.HorizontalPodAutoscalerSpec.maxReplicas": () => 2,
  "batch.CronJobSpec.schedule": () => "*/5 * * * *",
  "certificates.CertificateSigningRequestSpec.request": () => Buffer.from(pem().csr).toString("base64"),
  "certificates.CertificateSigningRequestSpec.signerName": () => "example.com/signer",
  "certificates.CertificateSigningRequestSpec.usages": () => ["digital signature"],
  "certificates.ClusterTrustBundleSpec.trustBundle": () => pem().caCert,
  "certificates.PodCertificateRequestSpec.signerName": () => "example.com/signer",
  "certificates.PodCertificateRequestSpec.maxExpirationSeconds": () => 86_400,
  // DER bytes (format: byte) of a CSR with a P-256 key: the PEM body is exactly that, in base64.
  "certificates.PodCertificateRequestSpec.stubPKCS10Request": () => pem().csr.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""),
  "coordination.LeaseCandidateSpec.leaseName": () => "some-lease",
  "coordination.LeaseCandidateSpec.binaryVersion": () => "1.36.0",
  "coordination.LeaseCandidateSpec.strategy": () => "OldestEmulationVersion",
  "coordination.LeaseCandidateSpec.emulationVersion": () => "1.36.0",
  "flowcontrol.PriorityLevelConfigurationReference.name": () => "global-default",
  "flowcontrol.PriorityLevelConfigurationSpec": () => ({ type: "Limited", limited: { nominalConcurrencyShares: 1, limitResponse: { type: "Reject" } } }),
  "networking.ParentReference": () => ({ group: "", resource: "services", namespace: "default", name: "some-service" }),
  "networking.ServiceCIDRSpec.cidrs": (ctx) => [`10.${100 + Math.floor(ctx.unique / 250)}.${ctx.unique % 250}.0/24`],
  "networking.IngressClassSpec.controller": () => "example.com/ingress-controller",
  "networking.IngressSpec.defaultBackend": () => ({ service: { name: "some-service", port: { number: 80 } } }),
  "node.RuntimeClass.handler": () => "runc",
  "rbac.RoleRef": () => ({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }),
  "scheduling.PriorityClass.value": () => 1000,
  "scheduling.PodGroupSchedulingPolicy": () => ({ basic: {} }),
  "storage.CSINodeDriver.name": () => "csi.example.com",
  "storage.CSINodeDriver.nodeID": () => "node-1",
  "storage.CSIStorageCapacity.storageClassName": () => "some-class",
  "storage.StorageClass.provisioner": () => "example.com/provisioner",
  "storage.VolumeAttributesClass.driverName": () => "csi.example.com",
  "storage.VolumeAttributesClass.parameters": () => ({ "example.com/iops": "100" }),
  "storage.VolumeAttachmentSpec.attacher": () => "csi.example.com",
  "storage.VolumeAttachmentSource": () => ({ persistentVolumeName: "some-pv" }),
  "storage.VolumeAttachmentSpec.nodeName": () => "node-1",
  "storagemigration.StorageVersionMigrationSpec.resource": () => ({ group: EXAMPLE_GROUP, resource: "nothings" }),
  "resource.ResourceSliceSpec": () => ({ driver: "dra.example.com", pool: { name: "pool", generation: 1, resourceSliceCount: 1 }, allNodes: true }),
  "resource.DeviceTaint": () => ({ key: "example.com/taint", effect: "NoSchedule" }),
  "resource.ResourcePoolStatusRequestSpec.driver": () => "dra.example.com",
  "admissionregistration.ValidatingAdmissionPolicySpec": () => ({ matchConstraints: MATCH_NOTHING, validations: [{ expression: "true" }] }),
  "admissionregistration.MutatingAdmissionPolicySpec": () => ({ matchConstraints: MATCH_NOTHING, mutations: [{ patchType: "ApplyConfiguration", applyConfiguration: { expression: "Object{}" } }], reinvocationPolicy: "Never" }),
  "admissionregistration.ValidatingAdmissionPolicyBindingSpec.validationActions": () => ["Deny"],
  "admissionregistration.ValidatingAdmissionPolicyBindingSpec.policyName": () => "some-policy",
  "admissionregistration.MutatingAdmissionPolicyBindingSpec.policyName": () => "some-policy",
  "authentication.TokenReviewSpec.token": () => "not-a-valid-token",
  "authorization.SubjectAccessReviewSpec": (ctx) => ({ user: "someone", resourceAttributes: { namespace: ctx.namespace ?? "default", verb: "get", resource: "pods" } }),
  "authorization.SelfSubjectAccessReviewSpec": () => ({ resourceAttributes: { namespace: "default", verb: "get", resource: "pods" } }),
  "authorization.SelfSubjectRulesReviewSpec": () => ({ namespace: "default" }),
};

/**
 * The kinds that need more than fillers, and why. Keyed `<apiVersion> <kind>`.
 * - `skip`: not creatable on a bare server.
 * - `name`: the kind's name has a rule of its own (must equal something in the spec).
 * - `needs`: objects to create first, in the same namespace.
 * - `metadata`: the kind takes less metadata than the name, labels and annotation of the others.
 */
export interface SpecialCase {
  skip?: string;
  name?: (ctx: Omit<FillContext, "name">) => string;
  needs?: (ctx: FillContext) => KubeObject[];
  /** `none`: no metadata at all; `namespace`: only the namespace (the object is never stored). */
  metadata?: "none" | "namespace";
  why: string;
}

export const SPECIAL_CASES: Record<string, SpecialCase> = {
  "apiextensions.k8s.io/v1 CustomResourceDefinition": {
    name: (ctx) => `widgets${ctx.unique}.${EXAMPLE_GROUP}`,
    why: "the name must be <plural>.<group> of its spec",
  },
  "apiregistration.k8s.io/v1 APIService": {
    name: (ctx) => `v1.apiservice${ctx.unique}.${EXAMPLE_GROUP}`,
    why: "the name must be <version>.<group> of its spec",
  },
  "networking.k8s.io/v1 IPAddress": { name: (ctx) => ipOf(ctx.unique), why: "the name is the IP address" },
  "networking.k8s.io/v1beta1 IPAddress": { name: (ctx) => ipOf(ctx.unique), why: "the name is the IP address" },
  "internal.apiserver.k8s.io/v1alpha1 StorageVersion": {
    name: (ctx) => `${EXAMPLE_GROUP}.storageversion${ctx.unique}`,
    why: "the name must be <group>.<resource>",
  },
  "authorization.k8s.io/v1 SubjectAccessReview": { metadata: "none", why: "a review is not stored: its metadata must be empty" },
  "authorization.k8s.io/v1 SelfSubjectAccessReview": { metadata: "none", why: "a review is not stored: its metadata must be empty" },
  "authorization.k8s.io/v1 LocalSubjectAccessReview": { metadata: "namespace", why: "a review is not stored: its metadata must be empty but for the namespace" },
  "v1 Binding": {
    needs: (ctx) => [{ apiVersion: "v1", kind: "Pod", metadata: { name: ctx.name, namespace: ctx.namespace }, spec: podSpec("Always") } as KubeObject],
    why: "binds an existing, unscheduled pod of the same name to a node",
  },
};

const ipOf = (unique: number) => `192.168.${Math.floor(unique / 250)}.${(unique % 250) + 1}`;

export const kindId = (entry: Pick<ResourceEntry, "apiVersion" | "kind">) => `${entry.apiVersion} ${entry.kind}`;

/** What the test does with a kind, from its constants (and SPECIAL_CASES for the skipped). */
export function planOf(entry: ResourceEntry): Plan | undefined {
  if (entry.scope === "subresource" || !entry.verbs.includes("create")) return undefined; // not creatable at all
  const skip = SPECIAL_CASES[kindId(entry)]?.skip;
  if (skip) return { kind: "skipped", reason: skip };
  return entry.verbs.includes("get") ? { kind: "full" } : { kind: "create-only" };
}

/** `<group>.<Definition>` of a definition name, the version left out. */
export function needKey(definition: string): string {
  const parts = definition.split(".");
  return `${parts.at(-3)}.${parts.at(-1)}`;
}

type Schema = { $ref?: string; type?: string; format?: string; items?: Schema; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: unknown };

/** Builds minimal objects from the definitions of one OpenAPI document. */
export class MinimalObjects {
  private readonly definitions: Record<string, Schema>;
  /** Which fillers were used, for the report (a filler never used is a stale one). */
  readonly used = new Set<string>();

  constructor(document: SwaggerDocument) {
    this.definitions = document.definitions as Record<string, Schema>;
  }

  /** The context of object `index` of the kind at `kindIndex` in resources.json. */
  context(entry: ResourceEntry, kindIndex: number, index: number, namespace: string | undefined): FillContext {
    const slug = `${entry.kind}-${entry.version}`.toLowerCase();
    const unique = kindIndex * 8 + index;
    // The label tells apart kinds that share a resource (core/v1 and events.k8s.io/v1 Event).
    const partial = { entry, namespace, labels: { "k8s-openapi-ts/test": `${slug}-${kindIndex}` }, index, unique };
    const name = SPECIAL_CASES[kindId(entry)]?.name?.(partial) ?? `${slug}-${index}`;
    return { ...partial, name };
  }

  /** A minimal object of the kind: apiVersion, kind, metadata (name, namespace, labels, an annotation) and what the schema and fillers need. */
  build(ctx: FillContext): KubeObject {
    const body = this.walkDefinition(ctx.entry.definition, ctx, true) as Record<string, unknown>;
    const namespace = ctx.namespace === undefined ? {} : { namespace: ctx.namespace };
    const only = SPECIAL_CASES[kindId(ctx.entry)]?.metadata;
    const metadata = only === "none" ? {} : only === "namespace" ? namespace : { name: ctx.name, ...namespace, labels: { ...ctx.labels }, annotations: { "k8s-openapi-ts/created": "minimal-objects" } };
    return { ...body, apiVersion: ctx.entry.apiVersion, kind: ctx.entry.kind, metadata };
  }

  /** Objects to create before this one (SPECIAL_CASES `needs`). */
  prerequisites(ctx: FillContext): KubeObject[] {
    return SPECIAL_CASES[kindId(ctx.entry)]?.needs?.(ctx) ?? [];
  }

  private filler(key: string, ctx: FillContext): { value: unknown } | undefined {
    const filler = FILLERS[key];
    if (!filler) return undefined;
    this.used.add(key);
    return { value: filler(ctx) };
  }

  private walkDefinition(definition: string, ctx: FillContext, top: boolean, seen: ReadonlySet<string> = new Set()): unknown {
    const key = needKey(definition);
    const filled = this.filler(key, ctx);
    if (filled) return filled.value;
    const schema = this.definitions[definition];
    if (!schema) throw new Error(`definition ${definition} is not in the document`);
    if (seen.has(definition)) throw new Error(`required properties of ${definition} are recursive`);
    if (schema.type !== undefined && schema.type !== "object") return this.walk(schema, ctx, seen);
    const out: Record<string, unknown> = {};
    const properties = schema.properties ?? {};
    const wanted = new Set(schema.required ?? []);
    if (properties["spec"]) wanted.add("spec"); // the desired state, at every level (a CronJob's jobTemplate too)
    for (const property of Object.keys(properties)) if (FILLERS[`${key}.${property}`]) wanted.add(property);
    for (const property of [...wanted].sort()) {
      if (top && (property === "apiVersion" || property === "kind" || property === "metadata")) continue;
      const filledProperty = this.filler(`${key}.${property}`, ctx);
      const value = filledProperty ? filledProperty.value : this.walk(properties[property] ?? {}, ctx, new Set([...seen, definition]));
      if (value !== undefined) out[property] = value;
    }
    return out;
  }

  private walk(schema: Schema, ctx: FillContext, seen: ReadonlySet<string>): unknown {
    if (schema.$ref) return this.walkDefinition(schema.$ref.replace(/^#\/definitions\//, ""), ctx, false, seen);
    switch (schema.type) {
      case "string":
        return schema.format === "byte" ? Buffer.from("minimal").toString("base64") : schema.format === "date-time" ? "2026-01-01T00:00:00Z" : "filler";
      case "integer":
      case "number":
        return 1;
      case "boolean":
        return true;
      case "array":
        return [this.walk(schema.items ?? {}, ctx, seen)];
      default:
        return {};
    }
  }
}
