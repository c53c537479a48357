/**
 * The image catalogue: how each fake image behaves, written by people in human units ("20s",
 * "64Mi", "100m"), checked with errors that name the field, and resolved per container into the
 * exact ImageBehavior (behavior.ts) the fake runtime and the prober read. kubesim's own design;
 * docs/image-catalogue.md is its reference.
 *
 *   images:
 *     "*":          { logRequests: false }
 *     "myapp":      { start: 3s }               # every tag of myapp
 *     "myapp:v2":   { ready: { after: 20s } }   # exactly this reference
 *     "myapp:rc-*": { exit: { after: 30s, code: 1 } }
 *
 * Resolution for (image, pod annotations, container name), each layer overriding the one before
 * field by field (a top-level field replaces the earlier one as a whole):
 *   1. defaultBehavior;
 *   2. every catalogue entry that matches, least specific first: "*", other globs (fewer literal
 *      characters first; equal ones in file order), a name without tag, an exact reference;
 *   3. the pod annotation `kubesim.io/behavior` (same fields, YAML or JSON; all containers);
 *   4. the pod annotation `kubesim.io/behavior.<container-name>`.
 * References are compared normalized as containerd reports them: "nginx", "nginx:latest" and
 * "docker.io/library/nginx:latest" are the same image.
 *
 * A bad catalogue is refused as a whole (ImageCatalogueError lists every problem); a bad
 * annotation never throws: resolveBehavior returns `{ error }`, which the kubelet reports as the
 * container's CreateContainerError.
 */
import { parseDocument } from "yaml";
import { parseImageReference, tryParseQuantity } from "@kubesim/api";
import type { Millis } from "@kubesim/sim";
import { parseDuration } from "@kubesim/sim";
import { normalizeImage, notFoundPullError } from "../kuberuntime/images.js";
import type { ImageBehavior, PullBehavior, ReadinessSchedule } from "./behavior.js";
import { defaultBehavior } from "./behavior.js";

/** The pod annotation with behavior for all of a pod's containers. */
export const BEHAVIOR_ANNOTATION = "kubesim.io/behavior";

/** The pod annotation with behavior for one container: `kubesim.io/behavior.<container-name>`. */
export const containerBehaviorAnnotation = (containerName: string): string =>
  `${BEHAVIOR_ANNOTATION}.${containerName}`;

/** A catalogue that cannot be used, with every problem found (each names its field). */
export class ImageCatalogueError extends Error {
  readonly code = "ImageCatalogueError" as const;
  constructor(readonly errors: readonly string[]) {
    super(`invalid image catalogue:\n  ${errors.join("\n  ")}`);
    this.name = "ImageCatalogueError";
  }
}

export function isImageCatalogueError(e: unknown): e is ImageCatalogueError {
  return e instanceof ImageCatalogueError;
}

// ---- behavior fields in human units -> a patch of exact values --------------------------------

/** One layer of behavior: the fields it sets, already in exact units. */
interface BehaviorPatch {
  pull?: {
    readonly duration: Millis;
    readonly size: number;
    readonly fail: boolean;
    readonly error?: string;
  };
  start?: Millis;
  readiness?: ReadinessSchedule;
  liveness?: ImageBehavior["liveness"];
  /** null: the process never exits by itself (undoes an earlier layer's exit). */
  exit?: { readonly after: Millis; readonly code: number } | null;
  memory?: ImageBehavior["memory"];
  cpu?: number;
  latency?: Millis;
  body?: string;
  logRequests?: boolean;
  ports?: readonly number[];
  /** null: the process ignores SIGTERM. */
  stopAfterSigterm?: Millis | null;
}

/** The fields of a behavior as written (`ready` is ImageBehavior's `readiness`). */
const FIELDS = [
  "body",
  "cpu",
  "exit",
  "latency",
  "liveness",
  "logRequests",
  "memory",
  "ports",
  "pull",
  "ready",
  "start",
  "stopAfterSigterm",
] as const;

/** Collects problems, each prefixed with its field path. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): undefined {
    this.list.push(`${path}: ${message}`);
    return undefined;
  }
}

const show = (v: unknown): string =>
  typeof v === "string" || (typeof v === "object" && v !== null) ? JSON.stringify(v) : String(v);

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function mapping(
  v: unknown,
  path: string,
  p: Problems,
  known: readonly string[],
): Record<string, unknown> | undefined {
  if (!isMapping(v)) return p.add(path, `must be a mapping of ${known.join(", ")}`);
  for (const k of Object.keys(v)) {
    if (!known.includes(k)) p.add(`${path}.${k}`, `unknown field (known: ${known.join(", ")})`);
  }
  return v;
}

function duration(v: unknown, path: string, p: Problems): Millis | undefined {
  if (v === 0) return 0;
  if (typeof v !== "string") {
    return p.add(
      path,
      `invalid duration ${show(v)} (write it with a unit, e.g. "20s", "1m30s", "500ms")`,
    );
  }
  let ms: Millis;
  try {
    ms = parseDuration(v);
  } catch {
    return p.add(path, `invalid duration ${show(v)}`);
  }
  if (ms < 0) return p.add(path, `must not be negative, got ${show(v)}`);
  return ms;
}

/** A duration, or null for "never". */
function durationOrNever(v: unknown, path: string, p: Problems): Millis | null | undefined {
  return v === "never" ? null : duration(v, path, p);
}

function quantity(v: unknown, path: string, p: Problems): ReturnType<typeof tryParseQuantity> {
  const s = typeof v === "number" ? String(v) : v;
  const q = typeof s === "string" ? tryParseQuantity(s) : undefined;
  if (q === undefined)
    return p.add(path, `invalid quantity ${show(v)} (e.g. "64Mi", "1G", "100m")`);
  if (q.sign() < 0) return p.add(path, `must not be negative, got ${show(v)}`);
  return q;
}

function bytes(v: unknown, path: string, p: Problems): number | undefined {
  const q = quantity(v, path, p);
  return q === undefined ? undefined : Number(q.value());
}

function integer(
  v: unknown,
  path: string,
  p: Problems,
  min: number,
  max: number,
  what: string,
): number | undefined {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    return p.add(path, `must be ${what} (${min}-${max}), got ${show(v)}`);
  }
  return v;
}

function readiness(v: unknown, path: string, p: Problems): ReadinessSchedule | undefined {
  if (v === "never") return { kind: "never" };
  if (v === "always") return { kind: "after", after: 0 };
  if (typeof v === "string" || v === 0) {
    const after = duration(v, path, p);
    return after === undefined ? undefined : { kind: "after", after };
  }
  if (!isMapping(v) || Object.keys(v).length !== 1 || !("after" in v || "flap" in v)) {
    return p.add(
      path,
      'must be a duration, "never", "always", { after: <duration> } or { flap: { up, down, after } }',
    );
  }
  if ("after" in v) {
    const after = duration(v["after"], `${path}.after`, p);
    return after === undefined ? undefined : { kind: "after", after };
  }
  const flap = mapping(v["flap"], `${path}.flap`, p, ["up", "down", "after"]);
  if (flap === undefined) return undefined;
  const part = (k: "up" | "down"): Millis | undefined => {
    if (!(k in flap)) return p.add(`${path}.flap.${k}`, "required");
    const d = duration(flap[k], `${path}.flap.${k}`, p);
    if (d === 0) return p.add(`${path}.flap.${k}`, "must be more than 0s");
    return d;
  };
  const up = part("up");
  const down = part("down");
  const after = "after" in flap ? duration(flap["after"], `${path}.flap.after`, p) : 0;
  if (up === undefined || down === undefined || after === undefined) return undefined;
  return { kind: "flapping", after, up, down };
}

function liveness(v: unknown, path: string, p: Problems): ImageBehavior["liveness"] | undefined {
  const l = mapping(v, path, p, ["failAfter", "status"]);
  if (l === undefined) return undefined;
  const failAfter =
    "failAfter" in l ? durationOrNever(l["failAfter"], `${path}.failAfter`, p) : null;
  const status =
    "status" in l
      ? integer(l["status"], `${path}.status`, p, 100, 599, "an HTTP status code")
      : 500;
  if (failAfter === undefined || status === undefined) return undefined;
  return failAfter === null ? { status } : { failAfter, status };
}

function exit(v: unknown, path: string, p: Problems): BehaviorPatch["exit"] | undefined {
  if (v === "never") return null;
  const e = mapping(v, path, p, ["after", "code"]);
  if (e === undefined) return undefined;
  const after =
    "after" in e ? duration(e["after"], `${path}.after`, p) : p.add(`${path}.after`, "required");
  const code = "code" in e ? integer(e["code"], `${path}.code`, p, 0, 255, "an exit code") : 1;
  return after === undefined || code === undefined ? undefined : { after, code };
}

function pull(v: unknown, path: string, p: Problems): BehaviorPatch["pull"] | undefined {
  const pl = mapping(v, path, p, ["duration", "error", "fail", "size"]);
  if (pl === undefined) return undefined;
  const d =
    "duration" in pl
      ? duration(pl["duration"], `${path}.duration`, p)
      : defaultBehavior.pull.duration;
  const size = "size" in pl ? bytes(pl["size"], `${path}.size`, p) : defaultBehavior.pull.size;
  let fail: boolean | undefined = "error" in pl;
  if ("fail" in pl) {
    const f = pl["fail"];
    if (typeof f !== "boolean")
      fail = p.add(`${path}.fail`, `must be true or false, got ${show(f)}`);
    else if (!f && "error" in pl) fail = p.add(`${path}.fail`, "is false but pull.error is set");
    else fail = f;
  }
  let error: string | undefined;
  if ("error" in pl) {
    const e = pl["error"];
    if (typeof e === "string" && e.trim() !== "") error = e;
    else p.add(`${path}.error`, `must be a non-empty string, got ${show(e)}`);
  }
  if (d === undefined || size === undefined || fail === undefined) return undefined;
  return error === undefined ? { duration: d, size, fail } : { duration: d, size, fail, error };
}

function memory(v: unknown, path: string, p: Problems): ImageBehavior["memory"] | undefined {
  const m =
    typeof v === "string" || typeof v === "number"
      ? { start: v }
      : mapping(v, path, p, ["start", "growthPerSecond"]);
  if (m === undefined) return undefined;
  const start = "start" in m ? bytes(m["start"], `${path}.start`, p) : defaultBehavior.memory.start;
  const growth =
    "growthPerSecond" in m ? bytes(m["growthPerSecond"], `${path}.growthPerSecond`, p) : 0;
  return start === undefined || growth === undefined
    ? undefined
    : { start, growthPerSecond: growth };
}

function ports(v: unknown, path: string, p: Problems): readonly number[] | undefined {
  if (!Array.isArray(v)) return p.add(path, `must be a list of port numbers, got ${show(v)}`);
  const list = v.map((x, i) => integer(x, `${path}[${i}]`, p, 1, 65535, "a port number"));
  return list.every((x) => x !== undefined) ? [...new Set(list as number[])] : undefined;
}

function string(v: unknown, path: string, p: Problems): string | undefined {
  return typeof v === "string" ? v : p.add(path, `must be a string, got ${show(v)}`);
}

function boolean(v: unknown, path: string, p: Problems): boolean | undefined {
  return typeof v === "boolean" ? v : p.add(path, `must be true or false, got ${show(v)}`);
}

function millicores(v: unknown, path: string, p: Problems): number | undefined {
  const q = quantity(v, path, p);
  return q === undefined ? undefined : Number(q.milliValue());
}

type Field = (typeof FIELDS)[number];

/** Each field as written → the patch it makes (undefined when it has problems). */
const fieldParsers: Readonly<
  Record<Field, (v: unknown, path: string, p: Problems) => BehaviorPatch | undefined>
> = {
  body: (v, path, p) => defined(string(v, path, p), (body) => ({ body })),
  cpu: (v, path, p) => defined(millicores(v, path, p), (cpu) => ({ cpu })),
  exit: (v, path, p) => defined(exit(v, path, p), (e) => ({ exit: e })),
  latency: (v, path, p) => defined(duration(v, path, p), (latency) => ({ latency })),
  liveness: (v, path, p) => defined(liveness(v, path, p), (l) => ({ liveness: l })),
  logRequests: (v, path, p) => defined(boolean(v, path, p), (logRequests) => ({ logRequests })),
  memory: (v, path, p) => defined(memory(v, path, p), (m) => ({ memory: m })),
  ports: (v, path, p) => defined(ports(v, path, p), (list) => ({ ports: list })),
  pull: (v, path, p) => defined(pull(v, path, p), (pl) => ({ pull: pl })),
  ready: (v, path, p) => defined(readiness(v, path, p), (r) => ({ readiness: r })),
  start: (v, path, p) => defined(duration(v, path, p), (start) => ({ start })),
  stopAfterSigterm: (v, path, p) =>
    defined(durationOrNever(v, path, p), (stopAfterSigterm) => ({ stopAfterSigterm })),
};

function defined<T>(v: T | undefined, f: (v: T) => BehaviorPatch): BehaviorPatch | undefined {
  return v === undefined ? undefined : f(v);
}

const isField = (k: string): k is Field => (FIELDS as readonly string[]).includes(k);

/**
 * Checks one behavior (a catalogue entry or an annotation, null meaning "no fields") and converts
 * it to exact units; undefined when it has problems (added to `p`, in the order written).
 */
function parseBehavior(v: unknown, path: string, p: Problems): BehaviorPatch | undefined {
  if (v === null || v === undefined) return {};
  const m = mapping(v, path, p, FIELDS);
  if (m === undefined) return undefined;
  const before = p.list.length;
  const patch: BehaviorPatch = {};
  for (const key of Object.keys(m)) {
    if (isField(key)) Object.assign(patch, fieldParsers[key](m[key], `${path}.${key}`, p));
  }
  return p.list.length === before ? patch : undefined;
}

/** Parses YAML (or JSON) text; problems are reported at `path`. */
function parseYaml(text: string, path: string, p: Problems): { value: unknown } | undefined {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  // A bare `*` key reads as a YAML alias; say how to write it.
  const bareStar = /^\s*(?:-\s*)?\*/m.test(text);
  const hint = (msg: string): string =>
    bareStar || /alias/i.test(msg) ? `${msg} (quote text that starts with "*", as in "*":)` : msg;
  if (first !== undefined) {
    return p.add(path, `invalid YAML: ${hint(first.message.split("\n")[0]!.replace(/:$/, ""))}`);
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (e) {
    return p.add(path, `invalid YAML: ${hint(e instanceof Error ? e.message : String(e))}`);
  }
}

// ---- image matching ----------------------------------------------------------------------------

type Matcher =
  | { readonly kind: "any" }
  | { readonly kind: "glob"; readonly re: RegExp; readonly literals: number }
  | { readonly kind: "name"; readonly repository: string }
  | { readonly kind: "exact"; readonly reference: string };

/** How specific each kind of key is (higher overrides lower). */
const RANK: Readonly<Record<Matcher["kind"], number>> = { any: 0, glob: 1, name: 2, exact: 3 };

interface Entry {
  readonly key: string;
  readonly matcher: Matcher;
  readonly patch: BehaviorPatch;
  readonly order: number;
}

/** "docker.io/library/nginx:1.27" → "docker.io/library/nginx". */
function repositoryOf(normalized: string): string {
  const at = normalized.indexOf("@");
  if (at >= 0) return normalized.slice(0, at);
  const colon = normalized.indexOf(":", normalized.lastIndexOf("/") + 1);
  return colon < 0 ? normalized : normalized.slice(0, colon);
}

/** "docker.io/library/nginx:1.27" → "nginx:1.27"; "docker.io/bitnami/x:1" → "bitnami/x:1". */
function familiar(normalized: string): string {
  if (normalized.startsWith("docker.io/library/"))
    return normalized.slice("docker.io/library/".length);
  if (normalized.startsWith("docker.io/")) return normalized.slice("docker.io/".length);
  return normalized;
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "s");
}

function matcherFor(key: string, path: string, p: Problems): Matcher | undefined {
  if (/^[*?]*$/.test(key) && key.includes("*")) return { kind: "any" };
  if (key.includes("*") || key.includes("?")) {
    if (!/^[A-Za-z0-9._/:@*?-]+$/.test(key)) {
      return p.add(
        path,
        "not an image pattern (letters, digits, . _ - / : @ and the wildcards * and ?)",
      );
    }
    return { kind: "glob", re: globToRegExp(key), literals: key.replace(/[*?]/g, "").length };
  }
  const ref = parseImageReference(key);
  if (ref === undefined) {
    return p.add(
      path,
      'not an image reference ("myapp:v2"), name ("myapp") or pattern ("myapp:*", "*")',
    );
  }
  if (ref.tag === "" && ref.digest === "")
    return { kind: "name", repository: repositoryOf(normalizeImage(key)) };
  return { kind: "exact", reference: normalizeImage(key) };
}

function matches(m: Matcher, normalized: string): boolean {
  switch (m.kind) {
    case "any":
      return true;
    case "glob":
      return m.re.test(familiar(normalized)) || m.re.test(normalized);
    case "name":
      return repositoryOf(normalized) === m.repository;
    case "exact":
      return normalized === m.reference;
  }
}

/** Less specific first: by kind, then (globs) by literal characters, then file order. */
function bySpecificity(a: Entry, b: Entry): number {
  const rank = RANK[a.matcher.kind] - RANK[b.matcher.kind];
  if (rank !== 0) return rank;
  const lit = (e: Entry): number => (e.matcher.kind === "glob" ? e.matcher.literals : 0);
  return lit(a) - lit(b) || a.order - b.order;
}

// ---- the catalogue -----------------------------------------------------------------------------

const keyPath = (key: string): string => `images[${JSON.stringify(key)}]`;

export class ImageCatalogue {
  private constructor(private readonly entries: readonly Entry[]) {}

  /** No entries: every image has the default behavior (unless annotations say otherwise). */
  static empty(): ImageCatalogue {
    return new ImageCatalogue([]);
  }

  /** Parses a catalogue document (YAML or JSON). Throws ImageCatalogueError listing every problem. */
  static parse(text: string): ImageCatalogue {
    const p = new Problems();
    const doc = parseYaml(text, "(document)", p);
    if (doc === undefined) throw new ImageCatalogueError(p.list);
    return ImageCatalogue.fromObject(doc.value);
  }

  /** A catalogue from an object of the document's shape (`{ images: { ... } }`); null is empty. */
  static fromObject(obj: unknown): ImageCatalogue {
    const p = new Problems();
    const entries: Entry[] = [];
    if (obj !== null && obj !== undefined) {
      const root = mapping(obj, "(document)", p, ["images"]);
      const images = root?.["images"];
      if (images !== undefined && images !== null) {
        if (!isMapping(images))
          p.add("images", "must be a mapping of image references or patterns to behaviors");
        else {
          const seen = new Map<string, string>();
          Object.keys(images).forEach((key, order) => {
            const path = keyPath(key);
            const matcher = matcherFor(key, path, p);
            const patch = parseBehavior(images[key], path, p);
            if (matcher === undefined || patch === undefined) return;
            const identity =
              matcher.kind === "exact"
                ? matcher.reference
                : matcher.kind === "name"
                  ? `name ${matcher.repository}`
                  : undefined;
            if (identity !== undefined) {
              const other = seen.get(identity);
              if (other !== undefined) p.add(path, `the same image as ${keyPath(other)}`);
              else seen.set(identity, key);
            }
            entries.push({ key, matcher, patch, order });
          });
        }
      }
    }
    if (p.list.length > 0) throw new ImageCatalogueError(p.list);
    return new ImageCatalogue(entries.sort(bySpecificity));
  }

  /** The keys that match `image`, in the order they apply (least specific first). */
  match(image: string): readonly string[] {
    return this.matching(image).map((e) => e.key);
  }

  /** The catalogue's keys, in the order they apply. */
  get keys(): readonly string[] {
    return this.entries.map((e) => e.key);
  }

  /** @internal */
  matching(image: string): readonly { readonly key: string; readonly patch: BehaviorPatch }[] {
    const normalized = normalizeImage(image);
    return this.entries.filter((e) => matches(e.matcher, normalized));
  }
}

/** parseImageCatalogue(text) = ImageCatalogue.parse(text). */
export function parseImageCatalogue(text: string): ImageCatalogue {
  return ImageCatalogue.parse(text);
}

/** Checks a behavior written as in an annotation (YAML/JSON text); the problems, if any. */
export function validateBehaviorText(text: string, path: string = "behavior"): readonly string[] {
  const p = new Problems();
  const doc = parseYaml(text, path, p);
  if (doc !== undefined) parseBehavior(doc.value, path, p);
  return p.list;
}

function apply(layers: readonly BehaviorPatch[], image: string): ImageBehavior {
  const b: BehaviorPatch = {};
  for (const layer of layers) Object.assign(b, layer);
  const pull: PullBehavior =
    b.pull === undefined
      ? defaultBehavior.pull
      : b.pull.fail
        ? {
            duration: b.pull.duration,
            size: b.pull.size,
            error: b.pull.error ?? notFoundPullError(image),
          }
        : { duration: b.pull.duration, size: b.pull.size };
  const out: ImageBehavior = {
    pull,
    start: b.start ?? defaultBehavior.start,
    readiness: b.readiness ?? defaultBehavior.readiness,
    liveness: b.liveness ?? defaultBehavior.liveness,
    ...(b.exit === undefined || b.exit === null ? {} : { exit: b.exit }),
    memory: b.memory ?? defaultBehavior.memory,
    cpu: b.cpu ?? defaultBehavior.cpu,
    latency: b.latency ?? defaultBehavior.latency,
    body: b.body ?? defaultBehavior.body,
    logRequests: b.logRequests ?? defaultBehavior.logRequests,
    ports: b.ports ?? defaultBehavior.ports,
    stopAfterSigterm:
      b.stopAfterSigterm === undefined
        ? defaultBehavior.stopAfterSigterm
        : (b.stopAfterSigterm ?? undefined),
  };
  return Object.freeze(out);
}

/**
 * The behavior of a container running `image` in a pod with `annotations`: defaults, then the
 * matching catalogue entries, then `kubesim.io/behavior`, then `kubesim.io/behavior.<container>`.
 * A bad annotation gives `{ error }` naming the annotation and field; this never throws.
 */
export function resolveBehavior(
  catalogue: ImageCatalogue,
  image: string,
  annotations: Readonly<Record<string, string>>,
  containerName: string,
): ImageBehavior | { readonly error: string } {
  const layers: BehaviorPatch[] = catalogue.matching(image).map((e) => e.patch);
  const p = new Problems();
  for (const key of [BEHAVIOR_ANNOTATION, containerBehaviorAnnotation(containerName)]) {
    const text = annotations[key];
    if (text === undefined) continue;
    const path = `annotations[${JSON.stringify(key)}]`;
    const doc = parseYaml(text, path, p);
    if (doc === undefined) continue;
    const patch = parseBehavior(doc.value, path, p);
    if (patch !== undefined) layers.push(patch);
  }
  if (p.list.length > 0) return { error: p.list.join("; ") };
  return apply(layers, image);
}
