/**
 * Generates k8s-types.generated.ts: the field schema of the kinds kubesim
 * serves, read from the `kubernetes-types` package (already a dependency of
 * this package: TypeScript declarations generated from Kubernetes' OpenAPI
 * document, one interface per API type). Run after bumping kubernetes-types:
 *
 *   npx tsx packages/apiserver/src/internal/schema/generate.ts
 *   npx prettier --write packages/apiserver/src/internal/schema/k8s-types.generated.ts
 *
 * It follows each root kind's fields through the declaration files, maps
 * TypeScript shapes to field types (see types.ts: `string`/`number`/`boolean`/
 * literals/`number | string`/aliases → "s"; `Array<T>` → "[]T";
 * `{ [name: string]: T }` → "{}T"; empty interfaces such as RawExtension → "*")
 * and writes the closure, sorted, so the output is stable.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const typesRoot = join(here, "../../../node_modules/kubernetes-types");

/** Served kinds: `${apiVersion}/${kind}` → "<module>.<Interface>". */
const roots: Record<string, string> = {
  "v1/Namespace": "core/v1.Namespace",
  "v1/Pod": "core/v1.Pod",
  "v1/Node": "core/v1.Node",
  "v1/Service": "core/v1.Service",
  "v1/Endpoints": "core/v1.Endpoints",
  "v1/ConfigMap": "core/v1.ConfigMap",
  "v1/Secret": "core/v1.Secret",
  "v1/Event": "core/v1.Event",
  "coordination.k8s.io/v1/Lease": "coordination/v1.Lease",
  "apps/v1/Deployment": "apps/v1.Deployment",
  "apps/v1/ReplicaSet": "apps/v1.ReplicaSet",
  "discovery.k8s.io/v1/EndpointSlice": "discovery/v1.EndpointSlice",
  "networking.k8s.io/v1/Ingress": "networking/v1.Ingress",
  "networking.k8s.io/v1/IngressClass": "networking/v1.IngressClass",
};

interface Module {
  readonly interfaces: Map<string, Map<string, string>>;
  readonly aliases: Map<string, string>;
  /** Imported name → module path ("meta/v1"). */
  readonly imports: Map<string, string>;
}

const modules = new Map<string, Module>();

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}

/** Splits `body` on `;` at brace depth 0. */
function splitMembers(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of body) {
    if (ch === "{" || ch === "<") depth++;
    if (ch === "}" || ch === ">") depth--;
    if (ch === ";" && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

function loadModule(path: string): Module {
  const cached = modules.get(path);
  if (cached !== undefined) return cached;
  const src = stripComments(readFileSync(join(typesRoot, `${path}.d.ts`), "utf8"));
  const mod: Module = { interfaces: new Map(), aliases: new Map(), imports: new Map() };
  for (const m of src.matchAll(/import\s*{([^}]*)}\s*from\s*"([^"]+)";/g)) {
    const from = join(dirname(path), m[2] ?? "").replace(/\\/g, "/");
    for (const name of (m[1] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")) {
      mod.imports.set(name, from);
    }
  }
  for (const m of src.matchAll(/export type (\w+) = ([^;]+);/g))
    mod.aliases.set(m[1] ?? "", (m[2] ?? "").trim());
  const re = /export interface (\w+) {/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    let depth = 1;
    let i = re.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === "{") depth++;
      if (src[i] === "}") depth--;
    }
    const body = src.slice(re.lastIndex, i - 1);
    const fields = new Map<string, string>();
    for (const member of splitMembers(body)) {
      const fm = /^(?:readonly\s+)?["']?([\w$-]+)["']?\??\s*:\s*([\s\S]+)$/.exec(member);
      if (fm !== null) fields.set(fm[1] ?? "", (fm[2] ?? "").trim());
    }
    mod.interfaces.set(m[1] ?? "", fields);
  }
  modules.set(path, mod);
  return mod;
}

const out = new Map<string, Record<string, string>>();
const pending: string[] = [];

/** Resolves a named type used in module `path` to "<module>.<Name>", a scalar or "*". */
function resolveName(path: string, name: string): string {
  const mod = loadModule(path);
  if (mod.interfaces.has(name)) {
    const full = `${path}.${name}`;
    if (mod.interfaces.get(name)?.size === 0) return "*";
    if (!out.has(full) && !pending.includes(full)) pending.push(full);
    return full;
  }
  const alias = mod.aliases.get(name);
  if (alias !== undefined) return typeOf(path, alias);
  const from = mod.imports.get(name);
  if (from !== undefined) return resolveName(from, name);
  throw new Error(`unknown type ${name} in ${path}`);
}

function typeOf(path: string, t: string): string {
  const s = t.replace(/\s+/g, " ").trim();
  if (/^(string|number|boolean)$/.test(s) || /^"[^"]*"$/.test(s) || s.includes("|")) return "s";
  const arr = /^Array<(.+)>$/.exec(s) ?? /^(.+)\[\]$/.exec(s);
  if (arr !== null) return `[]${typeOf(path, arr[1] ?? "")}`;
  const map = /^{ \[\w+: string\]: (.+?);? }$/.exec(s);
  if (map !== null) return `{}${typeOf(path, map[1] ?? "")}`;
  if (/^\w+$/.test(s)) return resolveName(path, s);
  throw new Error(`cannot read type "${s}" in ${path}`);
}

for (const root of Object.values(roots)) {
  const dot = root.lastIndexOf(".");
  resolveName(root.slice(0, dot), root.slice(dot + 1));
}
while (pending.length > 0) {
  const full = pending.shift()!;
  const dot = full.lastIndexOf(".");
  const path = full.slice(0, dot);
  const fields = loadModule(path).interfaces.get(full.slice(dot + 1))!;
  const rec: Record<string, string> = {};
  for (const [name, t] of [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    rec[name] = typeOf(path, t);
  out.set(full, rec);
}

const types = [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
const lines = [
  "/**",
  " * GENERATED by generate.ts from kubernetes-types " +
    (JSON.parse(readFileSync(join(typesRoot, "package.json"), "utf8")) as { version: string })
      .version +
    ": do not edit.",
  " * The field schema of every type reachable from the kinds kubesim serves (see types.ts).",
  " */",
  'import type { SchemaRegistry } from "./types.js";',
  "",
  "const f = (fields: Record<string, string>): { readonly fields: Record<string, string> } => ({ fields });",
  "",
  "export const k8sSchema: SchemaRegistry = {",
  `  roots: ${JSON.stringify(roots)},`,
  "  types: {",
  ...types.map(([name, fields]) => `    ${JSON.stringify(name)}: f(${JSON.stringify(fields)}),`),
  "  },",
  "};",
  "",
];
writeFileSync(join(here, "k8s-types.generated.ts"), lines.join("\n"));
process.stdout.write(`wrote ${types.length} types\n`);
