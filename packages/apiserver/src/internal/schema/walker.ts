/**
 * Unknown-field detection, as kube-apiserver's strict decoding reports it
 * (fieldValidation=Strict, kubectl's default since 1.27). Mirrors what
 * sigs.k8s.io/json's strict mode records while decoding into the Go types:
 * one `unknown field "<path>"` per JSON key that the target struct does not
 * declare, with the path written as apimachinery does, e.g.
 * `spec.template.spec.containers[0].restartPolicy` or `spec.replica`.
 *
 * Guarantees:
 * - every key of every object reached through known fields is checked, in
 *   document order (parents before children; list items in order);
 * - nothing below an unknown field, a scalar, or a `"*"` (preserved) field is checked;
 * - a JSON value of the wrong type (a string where an object belongs) is not
 *   an unknown field: it is a type error, reported by the decoder separately,
 *   so the walker just does not descend into it;
 * - a kind without a root in the registry yields no unknown fields.
 *
 * Not detectable here: duplicate keys (`duplicate field "..."`), which
 * JSON.parse has already merged before the walker sees the object.
 */
import type { FieldType, SchemaRegistry } from "./types.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Frozen values found free of unknown fields, with the type they were checked
 * as. Only types in REMEMBERED are kept: a ReplicaSet's pod template spec is
 * the spec of every pod it creates (the same frozen object), so each of those
 * creates would otherwise walk it again; small per-object values are not worth
 * an entry. A frozen value cannot change, so the answer stays true.
 */
const cleanByRegistry = new WeakMap<SchemaRegistry, WeakMap<object, FieldType>>();
const REMEMBERED: ReadonlySet<FieldType> = new Set(["core/v1.PodSpec"]);

/** "[]T" / "{}T" -> "T" (cached: the walker asks for the same few on every object). */
const itemTypes = new Map<FieldType, FieldType>();
function itemType(type: FieldType): FieldType {
  let item = itemTypes.get(type);
  if (item === undefined) itemTypes.set(type, (item = type.slice(2)));
  return item;
}

/** A path step: a struct field name, a list index, or a map key. */
const FIELD = 0;
const INDEX = 1;
const KEY = 2;

/**
 * One walk. The path to the current value is kept as a stack of steps and
 * written out only for an unknown field, so a clean object costs no strings.
 */
class Walker {
  private readonly steps: (string | number)[] = [];
  private readonly stepKinds: number[] = [];
  readonly out: string[] = [];
  private readonly clean: WeakMap<object, FieldType>;

  constructor(private readonly registry: SchemaRegistry) {
    let clean = cleanByRegistry.get(registry);
    if (clean === undefined) cleanByRegistry.set(registry, (clean = new WeakMap()));
    this.clean = clean;
  }

  /** The path of the current value with `field` appended, as apimachinery writes it. */
  private pathTo(field: string): string {
    let p = "";
    for (let i = 0; i < this.steps.length; i++) {
      const step = String(this.steps[i]);
      p = this.stepKinds[i] === FIELD ? (p === "" ? step : `${p}.${step}`) : `${p}[${step}]`;
    }
    return p === "" ? field : `${p}.${field}`;
  }

  private push(kind: number, step: string | number): void {
    this.steps.push(step);
    this.stepKinds.push(kind);
  }

  private pop(): void {
    this.steps.pop();
    this.stepKinds.pop();
  }

  walk(type: FieldType, value: unknown): void {
    if (type === "s" || type === "*") return;
    if (type.startsWith("[]")) {
      if (!Array.isArray(value)) return;
      const item = itemType(type);
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v === undefined && !(i in value)) continue; // a hole, as forEach skips it
        this.push(INDEX, i);
        this.walk(item, v);
        this.pop();
      }
      return;
    }
    if (type.startsWith("{}")) {
      if (!isRecord(value)) return;
      const item = itemType(type);
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        this.push(KEY, k);
        this.walk(item, value[k]);
        this.pop();
      }
      return;
    }
    const schema = this.registry.types[type];
    if (schema === undefined || !isRecord(value)) return;
    const remember = REMEMBERED.has(type) && Object.isFrozen(value);
    if (remember && this.clean.get(value) === type) return;
    const found = this.out.length;
    const fields = schema.fields;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const fieldType = Object.hasOwn(fields, k) ? fields[k] : undefined;
      if (fieldType === undefined) {
        this.out.push(this.pathTo(k));
        continue;
      }
      this.push(FIELD, k);
      this.walk(fieldType, value[k]);
      this.pop();
    }
    if (remember && this.out.length === found) this.clean.set(value, type);
  }
}

/** The unknown field paths of `obj` under `registry`, in document order. */
export function unknownFieldsIn(registry: SchemaRegistry, obj: object): string[] {
  if (!isRecord(obj)) return [];
  const apiVersion = obj["apiVersion"];
  const kind = obj["kind"];
  if (typeof apiVersion !== "string" || typeof kind !== "string") return [];
  const root = registry.roots[`${apiVersion}/${kind}`];
  if (root === undefined) return [];
  const w = new Walker(registry);
  w.walk(root, obj);
  return w.out;
}

/**
 * The strict decoding error text for a list of unknown fields
 * (runtime.strictDecodingError): `strict decoding error: unknown field "spec.replica", unknown field "spec.x"`.
 */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(", ")}`;
}
