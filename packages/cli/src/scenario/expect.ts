/**
 * The `expect` step: checks on an object's field, on how many objects a
 * selector picks, on the last command's output, on the cluster's Events
 * and on traffic results. Each check gives a one-line description and, when
 * it fails, the lines that show expected against actual.
 */
import { formatError, type CommandResult } from "@kubesim/kubectl";
import { isApiError, type Cluster, type TrafficGenerator } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import { events as clusterEvents, kindOf } from "../session/cluster-adapter.js";
import { holds, showComparison } from "./compare.js";
import { lineDiff } from "./diff.js";
import { evaluatePath } from "./path.js";
import type { Comparison, Expectation } from "./schema.js";

export interface ExpectContext {
  readonly cluster: Cluster;
  /** The last kubectl (or apply) step's result. */
  readonly last: CommandResult | undefined;
  readonly traffic: readonly TrafficGenerator[];
}

export interface ExpectResult {
  readonly ok: boolean;
  /** What was checked, on one line. */
  readonly description: string;
  /** When it failed: expected against actual. */
  readonly details: readonly string[];
}

/** A value as it reads in a message: strings quoted, objects as JSON. */
export function show(v: unknown): string {
  if (v === undefined) return "<absent>";
  return JSON.stringify(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  const scalar = (x: unknown) =>
    typeof x === "string" || typeof x === "number" || typeof x === "boolean";
  if (scalar(a) && scalar(b)) return String(a) === String(b);
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

function asText(v: unknown): string {
  return typeof v === "string" ? v : canonical(v);
}

function indent(text: string, max = 40): string[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, max).map((l) => `| ${l}`);
  if (lines.length > max) shown.push(`| ... (${lines.length - max} more lines)`);
  return shown;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === "string" ? [v] : v;

// ---- object ----------------------------------------------------------------

type ObjectExpectation = Extract<Expectation, { object: string }>;

function expectObject(e: ObjectExpectation, ctx: ExpectContext): ExpectResult {
  const field = e.path === undefined ? "" : ` ${e.path.replace(/^\{?\.?/, "").replace(/\}$/, "")}`;
  const matchers: string[] = [];
  if (e.equals !== undefined) matchers.push(`equals ${show(e.equals)}`);
  if (e.notEquals !== undefined) matchers.push(`not equals ${show(e.notEquals)}`);
  if (e.contains !== undefined) matchers.push(`contains ${show(e.contains)}`);
  if (e.matches !== undefined) matchers.push(`matches /${e.matches}/`);
  if (e.compare !== undefined) matchers.push(showComparison(e.compare));
  const exists = e.exists ?? (matchers.length === 0 ? true : undefined);
  if (exists !== undefined) matchers.push(exists ? "exists" : "does not exist");
  const description = `${e.object}${field} ${matchers.join(", ")}`;
  const fail = (...details: string[]): ExpectResult => ({ ok: false, description, details });

  const slash = e.object.indexOf("/");
  const { kind, namespaced } = kindOf(e.object.slice(0, slash));
  const name = e.object.slice(slash + 1);
  let obj: unknown;
  try {
    obj = ctx.cluster.get(kind, name, namespaced ? { namespace: e.namespace ?? "default" } : {});
  } catch (err) {
    if (!isApiError(err)) throw err;
    if (err.reason === "NotFound" && e.path === undefined && exists === false)
      return { ok: true, description, details: [] };
    return fail(formatError(err).trimEnd());
  }
  if (e.path === undefined) {
    return exists === false ? fail(`${e.object} exists`) : { ok: true, description, details: [] };
  }
  const { found, value } = evaluatePath(obj, e.path);
  const actual = `actual:   ${found ? show(value) : "<absent>"}`;
  if (exists !== undefined && found !== exists)
    return fail(`expected: ${exists ? "a value" : "<absent>"}`, actual);
  if (e.equals !== undefined && !(found && sameValue(value, e.equals)))
    return fail(`expected: ${show(e.equals)}`, actual);
  if (e.notEquals !== undefined && found && sameValue(value, e.notEquals))
    return fail(`expected anything but: ${show(e.notEquals)}`, actual);
  if (e.contains !== undefined) {
    const ok =
      found &&
      (Array.isArray(value)
        ? value.some((x) => sameValue(x, e.contains))
        : asText(value).includes(asText(e.contains)));
    if (!ok) return fail(`expected to contain: ${show(e.contains)}`, actual);
  }
  if (e.matches !== undefined && !(found && new RegExp(e.matches).test(asText(value))))
    return fail(`expected to match: /${e.matches}/`, actual);
  if (e.compare !== undefined) {
    const n = Number(value);
    if (!found || typeof value === "boolean" || Number.isNaN(n) || !holds(e.compare, n))
      return fail(`expected: ${showComparison(e.compare)}`, actual);
  }
  return { ok: true, description, details: [] };
}

// ---- objects (a count) -------------------------------------------------------

type ObjectsExpectation = Extract<Expectation, { objects: string }>;

function expectObjects(e: ObjectsExpectation, ctx: ExpectContext): ExpectResult {
  const { kind, namespaced } = kindOf(e.objects);
  const filters = [
    e.selector === undefined ? "" : `-l ${e.selector}`,
    e.fieldSelector === undefined ? "" : `--field-selector ${e.fieldSelector}`,
  ].filter((s) => s !== "");
  const description = `count of ${e.objects}${filters.length === 0 ? "" : ` (${filters.join(" ")})`} is ${showComparison(e.count)}`;
  const items = ctx.cluster.list(kind, {
    ...(namespaced ? { namespace: e.namespace ?? "default" } : {}),
    ...(e.selector === undefined ? {} : { labelSelector: e.selector }),
    ...(e.fieldSelector === undefined ? {} : { fieldSelector: e.fieldSelector }),
  });
  if (holds(e.count, items.length)) return { ok: true, description, details: [] };
  const names = items.map((o) => o.metadata?.name ?? "").sort();
  return {
    ok: false,
    description,
    details: [
      `expected: ${showComparison(e.count)}`,
      `actual:   ${items.length}${names.length === 0 ? "" : ` (${names.slice(0, 10).join(", ")}${names.length > 10 ? ", ..." : ""})`}`,
    ],
  };
}

// ---- output ------------------------------------------------------------------

type OutputExpectation = Extract<Expectation, { output: object }>["output"];

function expectOutput(e: OutputExpectation, ctx: ExpectContext): ExpectResult {
  const parts: string[] = [];
  if (e.exitCode !== undefined) parts.push(`exit code ${e.exitCode}`);
  if (e.equals !== undefined) parts.push("equals the expected text");
  for (const c of list(e.contains)) parts.push(`contains ${JSON.stringify(c)}`);
  for (const c of list(e.notContains)) parts.push(`does not contain ${JSON.stringify(c)}`);
  if (e.matches !== undefined) parts.push(`matches /${e.matches}/`);
  const description = `output ${parts.join(", ")}`;
  const fail = (...details: string[]): ExpectResult => ({ ok: false, description, details });
  const last = ctx.last;
  if (last === undefined) return fail("no kubectl or apply step ran before this expectation");
  const text = last.stdout + last.stderr;
  if (e.exitCode !== undefined && last.exitCode !== e.exitCode)
    return fail(
      `expected exit code: ${e.exitCode}`,
      `actual exit code:   ${last.exitCode}`,
      "output:",
      ...indent(text),
    );
  if (e.equals !== undefined) {
    const want = e.equals.replace(/\n+$/, "");
    const got = text.replace(/\n+$/, "");
    if (want !== got) return fail("output differs (- expected, + actual):", ...lineDiff(want, got));
  }
  for (const c of list(e.contains))
    if (!text.includes(c))
      return fail(
        `expected the output to contain: ${JSON.stringify(c)}`,
        "output:",
        ...indent(text),
      );
  for (const c of list(e.notContains))
    if (text.includes(c))
      return fail(
        `expected the output not to contain: ${JSON.stringify(c)}`,
        "output:",
        ...indent(text),
      );
  if (e.matches !== undefined && !new RegExp(e.matches, "m").test(text))
    return fail(`expected the output to match: /${e.matches}/`, "output:", ...indent(text));
  return { ok: true, description, details: [] };
}

// ---- events ------------------------------------------------------------------

type EventsExpectation = Extract<Expectation, { events: object }>["events"];

function eventLine(e: Event): string {
  const o = e.involvedObject;
  const times = (e.count ?? 1) > 1 ? ` (x${e.count})` : "";
  return `${e.type ?? ""} ${e.reason ?? ""} ${(o.kind ?? "").toLowerCase()}/${o.name ?? ""}: ${e.message ?? ""}${times}`;
}

function expectEvents(e: EventsExpectation, ctx: ExpectContext): ExpectResult {
  let kind = e.kind;
  let name = e.name;
  if (e.object !== undefined) {
    const slash = e.object.indexOf("/");
    kind = kindOf(e.object.slice(0, slash)).kind;
    name = e.object.slice(slash + 1);
  }
  const count: Comparison = e.count ?? ">=1";
  const what = [
    e.type,
    e.reason,
    kind === undefined ? undefined : `${kind.toLowerCase()}/${name ?? "*"}`,
    kind === undefined && name !== undefined ? `*/${name}` : undefined,
    e.component === undefined ? undefined : `from ${e.component}`,
    e.message === undefined ? undefined : `message contains ${JSON.stringify(e.message)}`,
  ].filter((x) => x !== undefined);
  const description = `events ${what.join(" ")}: count ${showComparison(count)}`;
  const found = clusterEvents(ctx.cluster, {
    ...(e.reason === undefined ? {} : { reason: e.reason }),
    ...(e.type === undefined ? {} : { type: e.type }),
    ...(kind === undefined ? {} : { kind }),
    ...(name === undefined ? {} : { name }),
    ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
    ...(e.component === undefined ? {} : { component: e.component }),
  }).filter((ev) => e.message === undefined || (ev.message ?? "").includes(e.message));
  // How many times it happened: an Event's count says how often the recorder saw it.
  const times = found.reduce((n, ev) => n + (ev.count ?? 1), 0);
  if (holds(count, times)) return { ok: true, description, details: [] };
  const shown = found.length > 0 ? found : clusterEvents(ctx.cluster, {}).slice(-10);
  return {
    ok: false,
    description,
    details: [
      `expected: ${showComparison(count)}`,
      `actual:   ${times}`,
      ...(shown.length === 0
        ? ["(the cluster has no Events)"]
        : [
            found.length > 0 ? "matching Events:" : "latest Events:",
            ...shown.slice(-10).map((ev) => `  ${eventLine(ev)}`),
          ]),
    ],
  };
}

// ---- traffic -----------------------------------------------------------------

type TrafficExpectation = Extract<Expectation, { traffic: object }>["traffic"];

function expectTraffic(e: TrafficExpectation, ctx: ExpectContext): ExpectResult {
  const gens = ctx.traffic.filter((g) => e.name === undefined || g.name === e.name);
  const checks: [string, Comparison | undefined][] = [
    ["sent", e.sent],
    ["succeeded", e.succeeded],
    ["failed", e.failed],
  ];
  const wanted = checks.filter((c): c is [string, Comparison] => c[1] !== undefined);
  const description = `traffic${e.name === undefined ? "" : ` ${e.name}`} ${wanted.map(([k, c]) => `${k} ${showComparison(c)}`).join(", ")}`;
  if (gens.length === 0)
    return {
      ok: false,
      description,
      details: [
        e.name === undefined
          ? "no traffic was started"
          : `no traffic named ${JSON.stringify(e.name)}`,
      ],
    };
  const total = { sent: 0, succeeded: 0, failed: 0 };
  for (const g of gens) {
    const s = g.summary();
    total.sent += s.sent;
    total.succeeded += s.succeeded;
    total.failed += s.failed;
  }
  const bad = wanted.filter(([k, c]) => !holds(c, total[k as keyof typeof total]));
  if (bad.length === 0) return { ok: true, description, details: [] };
  return {
    ok: false,
    description,
    details: [
      ...bad.map(
        ([k, c]) =>
          `expected ${k}: ${showComparison(c)}, actual: ${total[k as keyof typeof total]}`,
      ),
      ...gens.flatMap((g) =>
        g
          .render()
          .trimEnd()
          .split("\n")
          .map((l) => `  ${l}`),
      ),
    ],
  };
}

/** Checks one expectation against the cluster and the last command. */
export function check(e: Expectation, ctx: ExpectContext): ExpectResult {
  if ("object" in e) return expectObject(e, ctx);
  if ("objects" in e) return expectObjects(e, ctx);
  if ("output" in e) return expectOutput(e.output, ctx);
  if ("events" in e) return expectEvents(e.events, ctx);
  return expectTraffic(e.traffic, ctx);
}
