/**
 * Generates schemas.generated.ts: the OpenAPI component schemas of every kind
 * `kubesim serve` serves and of every type they reach, read from the
 * `kubernetes-types` package (TypeScript declarations generated from
 * Kubernetes' OpenAPI document, with each type's and field's description as
 * JSDoc). The names are Kubernetes' own (`io.k8s.api.apps.v1.Deployment`,
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`), the shapes those of
 * kube-openapi's generated definitions (k8s.io/kube-openapi/pkg/builder3):
 *
 * - a field of a named type is `{ allOf: [{ $ref }], description }` (a bare
 *   `$ref` when it has no description), lists `{ type: array, items }`, maps
 *   `{ type: object, additionalProperties }`;
 * - `required` lists the members the declarations do not mark optional;
 * - a kind carries `x-kubernetes-group-version-kind`, read from the literal
 *   types of its `apiVersion` and `kind` members;
 * - the four types whose Go OpenAPI definition is custom are given as their
 *   Go methods define them (OpenAPISchemaType, OpenAPISchemaFormat,
 *   OpenAPIV3OneOfTypes in k8s.io/apimachinery: intstr.IntOrString,
 *   resource.Quantity, metav1.Time, metav1.MicroTime);
 * - an empty interface (runtime.RawExtension, metav1.FieldsV1) is `type: object`.
 *
 * Run after bumping kubernetes-types:
 *
 *   npx tsx --conditions=@kubesim/source packages/server/src/openapi/generate.ts
 *
 * schemas.generated.test.ts regenerates and compares, so the output cannot drift.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { convertedKinds, kinds } from "@kubesim/api";
import type { GroupVersionKind, SchemaObject } from "./schema-object.js";
import { SCHEMA_REF_PREFIX } from "./schema-object.js";

const here = dirname(fileURLToPath(import.meta.url));
const typesRoot = join(here, "../../node_modules/kubernetes-types");
export const GENERATED_FILE = join(here, "schemas.generated.ts");

/** intstr.IntOrString: not a named type in kubernetes-types (it writes `number | string`). */
export const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

interface Member {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly description: string | undefined;
}

interface Declaration {
  readonly description: string | undefined;
  /** Interface members, or undefined for a type alias. */
  readonly members: readonly Member[] | undefined;
  /** The aliased type, for a type alias. */
  readonly alias: string | undefined;
}

interface Module {
  readonly declarations: Map<string, Declaration>;
  /** Imported name → module path ("meta/v1"). */
  readonly imports: Map<string, string>;
}

/** The text of a JSDoc comment: `/** a *\/`, or one line per ` * ` line. */
export function jsdocText(comment: string): string {
  const body = comment.replace(/^\/\*\*/, "").replace(/\*\/$/, "");
  if (!body.includes("\n")) return body.trim();
  const lines = body.split("\n").map((l) => l.replace(/^\s*\* ?/, "").replace(/^\s*\*?$/, ""));
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  return lines.join("\n");
}

/** The index just past the `}` matching the `{` at `open`. */
function closeBrace(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src.startsWith("/**", i)) {
      i = src.indexOf("*/", i) + 1;
      continue;
    }
    if (src[i] === "{") depth++;
    if (src[i] === "}" && --depth === 0) return i + 1;
  }
  throw new Error("unbalanced braces");
}

function parseMembers(body: string): Member[] {
  const out: Member[] = [];
  const re = /\s*(\/\*\*[\s\S]*?\*\/)?\s*(?:readonly\s+)?(["']?)([\w$-]+)\2(\?)?\s*:\s*/y;
  let i = 0;
  while (i < body.length && body.slice(i).trim() !== "") {
    re.lastIndex = i;
    const m = re.exec(body);
    if (m === null) throw new Error(`cannot read member at: ${body.slice(i, i + 80)}`);
    let j = re.lastIndex;
    let depth = 0;
    for (; j < body.length; j++) {
      const ch = body[j];
      if (ch === "{" || ch === "<") depth++;
      if (ch === "}" || ch === ">") depth--;
      if (ch === ";" && depth === 0) break;
    }
    out.push({
      name: m[3]!,
      type: body.slice(re.lastIndex, j).replace(/\s+/g, " ").trim(),
      optional: m[4] === "?",
      description: m[1] === undefined ? undefined : jsdocText(m[1]),
    });
    i = j + 1;
  }
  return out;
}

const modules = new Map<string, Module>();

function loadModule(path: string): Module {
  const cached = modules.get(path);
  if (cached !== undefined) return cached;
  const src = readFileSync(join(typesRoot, `${path}.d.ts`), "utf8");
  const mod: Module = { declarations: new Map(), imports: new Map() };
  for (const m of src.matchAll(/import\s*{([^}]*)}\s*from\s*"([^"]+)";/g)) {
    const from = join(dirname(path), m[2] ?? "").replace(/\\/g, "/");
    for (const name of (m[1] ?? "").split(",").map((s) => s.trim()))
      if (name !== "") mod.imports.set(name, from);
  }
  const re = /(\/\*\*[\s\S]*?\*\/)?\s*export (interface|type) (\w+)\s*(=|{)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    const description = m[1] === undefined ? undefined : jsdocText(m[1]);
    if (m[2] === "type") {
      const end = src.indexOf(";", re.lastIndex);
      mod.declarations.set(m[3]!, {
        description,
        members: undefined,
        alias: src.slice(re.lastIndex, end).trim(),
      });
      re.lastIndex = end;
    } else {
      const open = re.lastIndex - 1;
      const close = closeBrace(src, open);
      mod.declarations.set(m[3]!, {
        description,
        members: parseMembers(src.slice(open + 1, close - 1)),
        alias: undefined,
      });
      re.lastIndex = close;
    }
  }
  modules.set(path, mod);
  return mod;
}

/** kubernetes-types' module path → the Go package Kubernetes names its definitions after. */
function packageOf(path: string): string {
  if (path === "meta/v1") return "io.k8s.apimachinery.pkg.apis.meta.v1";
  if (path === "runtime") return "io.k8s.apimachinery.pkg.runtime";
  if (path === "api/resource") return "io.k8s.apimachinery.pkg.api.resource";
  if (path === "version") return "io.k8s.apimachinery.pkg.version";
  if (path.startsWith("apiextensions/"))
    return `io.k8s.apiextensions-apiserver.pkg.apis.${path.replace("/", ".")}`;
  return `io.k8s.api.${path.replace("/", ".")}`;
}

/**
 * The Go types with a custom OpenAPI definition (their OpenAPISchemaType,
 * OpenAPISchemaFormat and OpenAPIV3OneOfTypes methods), by definition name.
 */
const CUSTOM: Readonly<Record<string, SchemaObject>> = {
  [INT_OR_STRING]: {
    format: "int-or-string",
    oneOf: [{ type: "integer" }, { type: "string" }],
    "x-kubernetes-int-or-string": true,
  },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": {
    oneOf: [{ type: "string" }, { type: "number" }],
  },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
};

class Generator {
  readonly out = new Map<string, SchemaObject>();
  private readonly pending: [string, string][] = [];

  /** Queues a declaration; returns its definition name. */
  named(path: string, name: string): string {
    const mod = loadModule(path);
    if (!mod.declarations.has(name)) {
      const from = mod.imports.get(name);
      if (from === undefined) throw new Error(`unknown type ${name} in ${path}`);
      return this.named(from, name);
    }
    const def = `${packageOf(path)}.${name}`;
    if (!this.out.has(def) && !this.pending.some(([p, n]) => p === path && n === name))
      this.pending.push([path, name]);
    return def;
  }

  /** The schema of a member type (without its description). */
  typeSchema(path: string, t: string): SchemaObject {
    if (t === "string" || /^"[^"]*"$/.test(t)) return { type: "string" };
    if (t === "number") return { type: "integer" };
    if (t === "boolean") return { type: "boolean" };
    if (t === "number | string" || t === "string | number") {
      if (!this.out.has(INT_OR_STRING)) this.out.set(INT_OR_STRING, CUSTOM[INT_OR_STRING]!);
      return { $ref: SCHEMA_REF_PREFIX + INT_OR_STRING };
    }
    const arr = /^Array<(.+)>$/.exec(t) ?? /^(\w+)\[\]$/.exec(t);
    if (arr !== null) return { type: "array", items: this.typeSchema(path, arr[1]!) };
    const map = /^{ \[\w+: string\]: (.+?);? }$/.exec(t);
    if (map !== null)
      return { type: "object", additionalProperties: this.typeSchema(path, map[1]!) };
    if (/^\w+$/.test(t)) return { $ref: SCHEMA_REF_PREFIX + this.named(path, t) };
    throw new Error(`cannot read type "${t}" in ${path}`);
  }

  memberSchema(path: string, m: Member): SchemaObject {
    const s = this.typeSchema(path, m.type);
    if (m.description === undefined) return s;
    if (s.$ref !== undefined) return { allOf: [s], description: m.description };
    return { ...s, description: m.description };
  }

  declarationSchema(path: string, name: string): SchemaObject {
    const d = loadModule(path).declarations.get(name)!;
    const def = `${packageOf(path)}.${name}`;
    const description = d.description === undefined ? {} : { description: d.description };
    const custom = CUSTOM[def];
    if (custom !== undefined) return { ...description, ...custom };
    if (d.members === undefined) {
      if (d.alias !== "string") throw new Error(`cannot read alias ${name} = ${d.alias}`);
      return { ...description, type: "string" };
    }
    if (d.members.length === 0) return { ...description, type: "object" };
    const properties: Record<string, SchemaObject> = {};
    for (const m of [...d.members].sort((a, b) => (a.name < b.name ? -1 : 1)))
      properties[m.name] = this.memberSchema(path, m);
    const required = d.members.filter((m) => !m.optional).map((m) => m.name);
    const literal = (field: string) =>
      /^"([^"]*)"$/.exec(d.members?.find((m) => m.name === field)?.type ?? "")?.[1];
    const apiVersion = literal("apiVersion");
    const kind = literal("kind");
    let gvk: GroupVersionKind | undefined;
    if (apiVersion !== undefined && kind !== undefined) {
      const slash = apiVersion.indexOf("/");
      gvk = {
        group: slash < 0 ? "" : apiVersion.slice(0, slash),
        kind,
        version: apiVersion.slice(slash + 1),
      };
    }
    return {
      ...description,
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(gvk === undefined ? {} : { "x-kubernetes-group-version-kind": [gvk] }),
    };
  }

  run(roots: readonly [string, string][]): Map<string, SchemaObject> {
    for (const [path, name] of roots) this.named(path, name);
    for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) {
      const [path, name] = next;
      this.out.set(`${packageOf(path)}.${name}`, this.declarationSchema(path, name));
    }
    return this.out;
  }
}

/**
 * The root declarations: each served kind and its List, autoscaling/v1
 * Scale (the scale subresource), and the meta/v1 types the operations and
 * the discovery paths use.
 */
export function rootDeclarations(): [string, string][] {
  const roots: [string, string][] = [];
  for (const k of [...kinds, ...convertedKinds]) {
    const path = `${k.group === "" ? "core" : k.group.split(".")[0]!}/${k.version}`;
    roots.push([path, k.kind], [path, `${k.kind}List`]);
  }
  roots.push(["autoscaling/v1", "Scale"]);
  for (const t of [
    "APIGroup",
    "APIGroupList",
    "APIResourceList",
    "APIVersions",
    "DeleteOptions",
    "Patch",
    "Status",
    "WatchEvent",
  ])
    roots.push(["meta/v1", t]);
  return roots;
}

export function kubernetesTypesVersion(): string {
  const pkg = JSON.parse(readFileSync(join(typesRoot, "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** The text of schemas.generated.ts. */
export function generate(): string {
  const schemas = new Generator().run(rootDeclarations());
  const names = [...schemas.keys()].sort();
  const version = kubernetesTypesVersion();
  return [
    "/**",
    ` * GENERATED by generate.ts from kubernetes-types ${version}: do not edit.`,
    " * OpenAPI component schemas of the kinds kubesim serves and every type they",
    " * reach, named as Kubernetes names them. Numbers are `integer`: whether a",
    " * field is int32, int64 or a float is not recoverable from the TypeScript",
    " * declarations, so no format is given. kubernetes-types does not carry the",
    " * list-type, list-map-keys or patch-strategy extensions, nor `default`.",
    " */",
    'import type { SchemaObject } from "./schema-object.js";',
    "",
    `export const KUBERNETES_TYPES_VERSION = ${JSON.stringify(version)};`,
    "",
    "export const componentSchemas: Readonly<Record<string, SchemaObject>> = {",
    ...names.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(schemas.get(n))},`),
    "};",
    "",
  ].join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = generate();
  writeFileSync(GENERATED_FILE, text);
  process.stdout.write(`wrote ${GENERATED_FILE} (${text.length} bytes)\n`);
}
