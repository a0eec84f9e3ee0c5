// A loopback HTTP server (127.0.0.1 only) that behaves like the Kubernetes API server for
// the verbs the client exercises: in-memory objects with resourceVersions, list with
// limit/continue and selectors, create/replace/patch (JSON, merge, strategic as merge,
// apply)/delete/deletecollection, status and scale subresources, and chunked watches with
// bookmarks, 410 on a compacted resourceVersion, and closing after timeoutSeconds.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";

export interface KindInfo {
  API_VERSION: string;
  GROUP: string;
  VERSION: string;
  KIND: string;
  URL_PATH_SEGMENT: string;
  SCOPE: string;
  LIST_KIND?: string;
  SUBRESOURCES: readonly string[];
}

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; [k: string]: unknown }; [k: string]: unknown };

interface Watch {
  kind: KindInfo;
  namespace: string | undefined;
  labelSelector: string | undefined;
  fieldSelector: string | undefined;
  bookmarks: boolean;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

interface LoggedEvent {
  rv: number;
  type: "ADDED" | "MODIFIED" | "DELETED";
  kind: KindInfo;
  object: Obj;
}

export interface RequestLog {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(details ? { details } : {}) };
}

class HttpError extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super(String(body.message));
  }
}

function matchesLabels(object: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split(/!=|=/) as [string, string];
    const actual = object.metadata.labels?.[key];
    return term.includes("!=") ? actual !== value : actual === value;
  });
}

function matchesFields(object: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split("=") as [string, string];
    const actual = key === "metadata.name" ? object.metadata.name : key === "metadata.namespace" ? object.metadata.namespace : undefined;
    return actual === value;
  });
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** RFC 6902 JSON patch (add, remove, replace, test). */
function jsonPatch(target: unknown, ops: { op: string; path: string; value?: unknown }[]): unknown {
  const doc = structuredClone(target) as Record<string, unknown>;
  for (const op of ops) {
    const parts = op.path.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = parts.pop()!;
    let parent: Record<string, unknown> = doc;
    for (const part of parts) {
      if (typeof parent[part] !== "object" || parent[part] === null) throw new HttpError(status(422, "Invalid", `json patch: no ${op.path}`));
      parent = parent[part] as Record<string, unknown>;
    }
    if (op.op === "add" || op.op === "replace") {
      if (op.op === "replace" && !(last in parent)) throw new HttpError(status(422, "Invalid", `json patch: replace of missing ${op.path}`));
      parent[last] = op.value;
    } else if (op.op === "remove") {
      if (!(last in parent)) throw new HttpError(status(422, "Invalid", `json patch: remove of missing ${op.path}`));
      delete parent[last];
    } else if (op.op === "test") {
      if (JSON.stringify(parent[last]) !== JSON.stringify(op.value)) throw new HttpError(status(422, "Invalid", `json patch: test failed at ${op.path}`));
    } else throw new HttpError(status(422, "Invalid", `json patch: unsupported op ${op.op}`));
  }
  return doc;
}

export class FakeApiServer {
  private server: Server | undefined;
  private readonly kinds: KindInfo[];
  /** Objects by `${apiVersion}/${segment}/${namespace}/${name}`. */
  readonly objects = new Map<string, Obj>();
  private rv = 100;
  /** Watches from a resourceVersion below this get 410 Gone. */
  private compactedRv = 0;
  private log: LoggedEvent[] = [];
  private readonly watches = new Set<Watch>();
  /** While true, live watches receive no events (they are still logged). */
  pauseDelivery = false;
  /** While set, every request is answered with this (status, body text): for error mapping tests. */
  failWith: { status: number; body: string } | undefined;
  /** While true, requests get no answer (timeout tests). */
  hang = false;
  /** Upper bound of a watch when the client gives no timeoutSeconds. */
  maxWatchSeconds = 5;
  readonly requests: RequestLog[] = [];
  private readonly hanging = new Set<ServerResponse>();

  constructor(kinds: KindInfo[]) {
    this.kinds = kinds;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Listens on 127.0.0.1 (a random port); with `tls`, over HTTPS. Returns the base URL. */
  async start(tls?: { key: string; cert: string }): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.server = tls ? createTlsServer(tls, handler) : createServer(handler);
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `${tls ? "https" : "http"}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.closeWatches();
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forgets the event log: watches from any older resourceVersion get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.log = [];
  }

  /** Ends every open watch, as the server does at its timeout. */
  closeWatches(): void {
    for (const watch of this.watches) this.endWatch(watch);
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that allow bookmarks. */
  sendBookmarks(): void {
    for (const watch of this.watches) if (watch.bookmarks) this.send(watch.res, { type: "BOOKMARK", object: { kind: watch.kind.KIND, apiVersion: watch.kind.API_VERSION, metadata: { resourceVersion: String(this.rv) } } });
  }

  get openWatches(): number {
    return this.watches.size;
  }

  // --- server-side changes (as another client would make them)

  put(kind: KindInfo, object: Obj): Obj {
    const key = this.key(kind, object.metadata.namespace, object.metadata.name);
    const existing = this.objects.get(key);
    const stored = structuredClone(object);
    stored.metadata.uid = existing?.metadata.uid ?? randomUUID();
    stored.metadata.resourceVersion = String(++this.rv);
    stored.apiVersion = kind.API_VERSION;
    stored.kind = kind.KIND;
    this.objects.set(key, stored);
    this.emit(existing ? "MODIFIED" : "ADDED", kind, stored);
    return stored;
  }

  remove(kind: KindInfo, namespace: string | undefined, name: string): Obj | undefined {
    const key = this.key(kind, namespace, name);
    const existing = this.objects.get(key);
    if (!existing) return undefined;
    this.objects.delete(key);
    const deleted = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(++this.rv) } };
    this.emit("DELETED", kind, deleted);
    return deleted;
  }

  list(kind: KindInfo, namespace?: string): Obj[] {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(`${kind.API_VERSION}/${kind.URL_PATH_SEGMENT}/${namespace === undefined ? "" : `${namespace}/`}`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, object]) => object);
  }

  private key(kind: KindInfo, namespace: string | undefined, name: string): string {
    return `${kind.API_VERSION}/${kind.URL_PATH_SEGMENT}/${namespace ?? ""}/${name}`;
  }

  private emit(type: LoggedEvent["type"], kind: KindInfo, object: Obj): void {
    this.log.push({ rv: this.rv, type, kind, object });
    if (this.pauseDelivery) return;
    for (const watch of this.watches) this.deliver(watch, { rv: this.rv, type, kind, object });
  }

  private deliver(watch: Watch, event: LoggedEvent): void {
    if (event.kind !== watch.kind) return;
    if (watch.namespace !== undefined && event.object.metadata.namespace !== watch.namespace) return;
    if (!matchesLabels(event.object, watch.labelSelector) || !matchesFields(event.object, watch.fieldSelector)) return;
    this.send(watch.res, { type: event.type, object: event.object });
  }

  /** Writes one event line in two chunks split at an arbitrary byte (possibly inside a UTF-8 character). */
  private send(res: ServerResponse, event: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(event)}\n`, "utf8");
    const cut = 1 + Math.floor(Math.random() * (bytes.length - 1));
    res.write(bytes.subarray(0, cut));
    res.write(bytes.subarray(cut));
  }

  private endWatch(watch: Watch): void {
    clearTimeout(watch.timer);
    this.watches.delete(watch);
    watch.res.end();
  }

  // --- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    this.requests.push({ method: req.method ?? "", url: `${url.pathname}${url.search}`, authorization: req.headers.authorization, contentType: req.headers["content-type"], userAgent: req.headers["user-agent"] });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.hang) {
      this.hanging.add(res);
      return;
    }
    if (this.failWith) {
      res.writeHead(this.failWith.status, { "Content-Type": "text/plain" }).end(this.failWith.body);
      return;
    }
    try {
      const text = Buffer.concat(chunks).toString("utf8");
      const body: unknown = text === "" ? undefined : JSON.parse(text);
      const result = this.route(req.method ?? "GET", url, req.headers["content-type"], body, res);
      if (result === "watch") return;
      res.writeHead(result.code, { "Content-Type": "application/json" }).end(JSON.stringify(result.body));
    } catch (error) {
      const body = error instanceof HttpError ? error.body : status(500, "InternalError", String(error));
      res.writeHead(Number(body.code), { "Content-Type": "application/json" }).end(JSON.stringify(body));
    }
  }

  private route(method: string, url: URL, contentType: string | undefined, body: unknown, res: ServerResponse): { code: number; body: unknown } | "watch" {
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    let apiVersion: string;
    let rest: string[];
    if (parts[0] === "api" && parts.length >= 2) [apiVersion, rest] = [parts[1]!, parts.slice(2)];
    else if (parts[0] === "apis" && parts.length >= 3) [apiVersion, rest] = [`${parts[1]}/${parts[2]}`, parts.slice(3)];
    else throw new HttpError(status(404, "NotFound", `no route ${url.pathname}`));
    let namespace: string | undefined;
    const namespacedKind = rest[0] === "namespaces" && rest.length >= 3 ? this.kinds.find((k) => k.API_VERSION === apiVersion && k.URL_PATH_SEGMENT === rest[2] && k.SCOPE === "namespaced") : undefined;
    if (namespacedKind) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const kind = namespacedKind ?? this.kinds.find((k) => k.API_VERSION === apiVersion && k.URL_PATH_SEGMENT === rest[0]);
    if (!kind || rest.length > 3) throw new HttpError(status(404, "NotFound", `the server could not find the requested resource (${url.pathname})`));
    if (kind.SCOPE === "cluster" && namespace !== undefined) throw new HttpError(status(404, "NotFound", "cluster-scoped kind under a namespace"));
    const [, name, subresource] = rest as [string, string | undefined, string | undefined];
    const q = url.searchParams;
    if (q.get("dryRun") !== null && q.get("dryRun") !== "All") throw new HttpError(status(400, "BadRequest", "dryRun must be All"));

    if (name === undefined) {
      if (kind.SCOPE === "namespaced" && namespace === undefined && method !== "GET") throw new HttpError(status(405, "MethodNotAllowed", "all-namespaces collections are read-only"));
      if (method === "GET" && (q.get("watch") === "true" || q.get("watch") === "1")) return this.watch(kind, namespace, q, res);
      if (method === "GET") return { code: 200, body: this.listBody(kind, namespace, q) };
      if (method === "POST") return this.create(kind, namespace, body, q);
      if (method === "DELETE") {
        const deleted = this.list(kind, namespace).filter((o) => matchesLabels(o, q.get("labelSelector") ?? undefined) && matchesFields(o, q.get("fieldSelector") ?? undefined));
        for (const o of deleted) this.remove(kind, o.metadata.namespace, o.metadata.name);
        return { code: 200, body: { apiVersion: kind.API_VERSION, kind: kind.LIST_KIND, metadata: { resourceVersion: String(this.rv) }, items: deleted.map(({ apiVersion: _a, kind: _k, ...o }) => o) } };
      }
      throw new HttpError(status(405, "MethodNotAllowed", `${method} on a collection`));
    }
    if (subresource !== undefined && !kind.SUBRESOURCES.includes(subresource)) throw new HttpError(status(404, "NotFound", `no subresource ${subresource}`));
    const key = this.key(kind, namespace, name);
    const existing = this.objects.get(key);
    const notFound = (): HttpError => new HttpError(status(404, "NotFound", `${kind.URL_PATH_SEGMENT} "${name}" not found`, { name, kind: kind.URL_PATH_SEGMENT, ...(kind.GROUP ? { group: kind.GROUP } : {}) }));
    const dryRun = q.get("dryRun") === "All";
    const save = (object: Obj): { code: number; body: unknown } => ({ code: 200, body: dryRun ? object : this.put(kind, object) });

    if (subresource === "scale") {
      if (!existing) throw notFound();
      const spec = existing.spec as { replicas?: number } | undefined;
      const scale = { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name, namespace, resourceVersion: existing.metadata.resourceVersion }, spec: { replicas: spec?.replicas ?? 1 }, status: { replicas: spec?.replicas ?? 1 } };
      if (method === "GET") return { code: 200, body: scale };
      let next: { spec?: { replicas?: number } };
      if (method === "PUT") next = body as typeof next;
      else if (method === "PATCH") next = this.applyPatch(scale, contentType, body, q) as typeof next;
      else throw new HttpError(status(405, "MethodNotAllowed", `${method} on scale`));
      const saved = save({ ...existing, spec: { ...(existing.spec as object), replicas: next.spec?.replicas } });
      const replicas = ((saved.body as Obj).spec as { replicas: number }).replicas;
      return { code: 200, body: { ...scale, metadata: { ...scale.metadata, resourceVersion: (saved.body as Obj).metadata.resourceVersion }, spec: { replicas }, status: { replicas } } };
    }

    switch (method) {
      case "GET":
        if (!existing) throw notFound();
        return { code: 200, body: existing };
      case "PUT": {
        if (!existing) throw notFound();
        const object = body as Obj;
        this.checkTypeMeta(kind, object);
        if (object.metadata.resourceVersion !== undefined && object.metadata.resourceVersion !== existing.metadata.resourceVersion) {
          throw new HttpError(status(409, "Conflict", `Operation cannot be fulfilled on ${kind.URL_PATH_SEGMENT} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: kind.URL_PATH_SEGMENT }));
        }
        const next = subresource === "status" ? { ...existing, status: object.status } : { ...object, status: existing.status, metadata: { ...object.metadata, namespace } };
        return save(next as Obj);
      }
      case "PATCH": {
        const isApply = contentType === "application/apply-patch+yaml";
        if (!existing && !isApply) throw notFound();
        const base = existing ?? { apiVersion: kind.API_VERSION, kind: kind.KIND, metadata: { name, ...(namespace ? { namespace } : {}) } };
        const patched = this.applyPatch(base, contentType, body, q) as Obj;
        const next = subresource === "status" ? { ...base, status: patched.status } : { ...patched, metadata: { ...patched.metadata, name, ...(namespace ? { namespace } : {}) } };
        if (!existing) return { code: 201, body: dryRun ? next : this.put(kind, next as Obj) };
        return save(next as Obj);
      }
      case "DELETE": {
        if (!existing) throw notFound();
        const options = body as { kind?: string; preconditions?: { resourceVersion?: string; uid?: string } } | undefined;
        if (options && options.kind !== "DeleteOptions") throw new HttpError(status(400, "BadRequest", "delete body must be DeleteOptions"));
        const pre = options?.preconditions;
        if ((pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) || (pre?.uid && pre.uid !== existing.metadata.uid)) {
          throw new HttpError(status(409, "Conflict", "precondition failed", { name, kind: kind.URL_PATH_SEGMENT }));
        }
        return { code: 200, body: dryRun ? existing : this.remove(kind, namespace, name) };
      }
      default:
        throw new HttpError(status(405, "MethodNotAllowed", method));
    }
  }

  private checkTypeMeta(kind: KindInfo, object: Obj | undefined): void {
    if (!object || object.apiVersion !== kind.API_VERSION || object.kind !== kind.KIND) {
      throw new HttpError(status(400, "BadRequest", `expected ${kind.API_VERSION} ${kind.KIND}, got ${object?.apiVersion} ${object?.kind}`));
    }
  }

  private applyPatch(base: unknown, contentType: string | undefined, body: unknown, q: URLSearchParams): unknown {
    switch (contentType) {
      case "application/json-patch+json":
        if (!Array.isArray(body)) throw new HttpError(status(400, "BadRequest", "json patch must be an array"));
        return jsonPatch(base, body as { op: string; path: string }[]);
      case "application/merge-patch+json":
      case "application/strategic-merge-patch+json": // treated as a merge patch here
        return mergePatch(base, body);
      case "application/apply-patch+yaml": {
        if (!q.get("fieldManager")) throw new HttpError(status(400, "BadRequest", "fieldManager is required for apply patch"));
        const applied = body as Obj;
        if (typeof applied?.apiVersion !== "string" || typeof applied.kind !== "string") throw new HttpError(status(400, "BadRequest", "apply needs apiVersion and kind"));
        // Field ownership is not modelled; a conflicting field needs force (here: changing labels owned by "other").
        const owned = (base as Obj).metadata?.labels?.["owned-by"];
        if (owned && owned !== q.get("fieldManager") && q.get("force") !== "true" && applied.metadata?.labels?.["owned-by"] !== undefined) {
          throw new HttpError(status(409, "Conflict", `Apply failed with 1 conflict: conflict with "${owned}"`));
        }
        return mergePatch(base, body);
      }
      default:
        throw new HttpError(status(415, "UnsupportedMediaType", `the body of the request was in an unknown format: ${contentType}`));
    }
  }

  private create(kind: KindInfo, namespace: string | undefined, body: unknown, q: URLSearchParams): { code: number; body: unknown } {
    const object = body as Obj;
    this.checkTypeMeta(kind, object);
    const name = object.metadata?.name;
    if (!name) throw new HttpError(status(422, "Invalid", "metadata.name: Required value"));
    if (this.objects.has(this.key(kind, namespace, name))) throw new HttpError(status(409, "AlreadyExists", `${kind.URL_PATH_SEGMENT} "${name}" already exists`, { name, kind: kind.URL_PATH_SEGMENT }));
    const next = { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}), creationTimestamp: "2026-01-01T00:00:00Z" } };
    return { code: 201, body: q.get("dryRun") === "All" ? next : this.put(kind, next) };
  }

  private listBody(kind: KindInfo, namespace: string | undefined, q: URLSearchParams): unknown {
    let items = this.list(kind, namespace).filter((o) => matchesLabels(o, q.get("labelSelector") ?? undefined) && matchesFields(o, q.get("fieldSelector") ?? undefined));
    let listRv = this.rv;
    let offset = 0;
    const cont = q.get("continue");
    if (cont) {
      const [rv, off] = Buffer.from(cont, "base64url").toString().split(":").map(Number) as [number, number];
      if (rv < this.compactedRv) throw new HttpError(status(410, "Expired", "The provided continue parameter is too old to display a consistent list result."));
      [listRv, offset] = [rv, off];
    }
    const limit = Number(q.get("limit") ?? 0);
    const page = limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset);
    const more = limit > 0 && offset + limit < items.length;
    items = page;
    return {
      apiVersion: kind.API_VERSION,
      kind: kind.LIST_KIND,
      metadata: { resourceVersion: String(listRv), ...(more ? { continue: Buffer.from(`${listRv}:${offset + limit}`).toString("base64url") } : {}) },
      // As the API server: items without apiVersion/kind.
      items: items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
    };
  }

  private watch(kind: KindInfo, namespace: string | undefined, q: URLSearchParams, res: ServerResponse): "watch" {
    const timeout = Math.min(Number(q.get("timeoutSeconds") ?? this.maxWatchSeconds), this.maxWatchSeconds);
    res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
    res.flushHeaders();
    const watch: Watch = {
      kind,
      namespace,
      labelSelector: q.get("labelSelector") ?? undefined,
      fieldSelector: q.get("fieldSelector") ?? undefined,
      bookmarks: q.get("allowWatchBookmarks") === "true",
      res,
      timer: setTimeout(() => this.endWatch(watch), timeout * 1000),
    };
    res.on("close", () => {
      clearTimeout(watch.timer);
      this.watches.delete(watch);
    });
    const from = q.get("resourceVersion");
    if (from && from !== "0") {
      const rv = Number(from);
      if (rv < this.compactedRv) {
        this.send(res, { type: "ERROR", object: status(410, "Expired", `too old resource version: ${rv} (${this.compactedRv})`) });
        clearTimeout(watch.timer);
        res.end();
        return "watch";
      }
      for (const event of this.log) if (event.rv > rv) this.deliver(watch, event);
    } else {
      for (const object of this.list(kind, namespace)) this.deliver(watch, { rv: this.rv, type: "ADDED", kind, object });
    }
    this.watches.add(watch);
    return "watch";
  }
}
