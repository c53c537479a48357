/**
 * `kubectl label` and `kubectl annotate`: staging/src/k8s.io/kubectl/pkg/cmd/
 * label/label.go and annotate/annotate.go. `key=value` sets, `key-` removes;
 * an existing key needs --overwrite (`'app' already has a value (web), and
 * --overwrite is false`). The change is sent as a JSON merge patch of the
 * object before and after (jsonpatch.CreateMergePatch); label prints
 * `pod/web labeled` (`unlabeled`, `not labeled`), annotate `pod/web
 * annotated`.
 */
import { kindString, nameLine } from "../../printers/name.js";
import { isValidLabelValue, type KindName } from "@kubesim/api";
import { goJson } from "kubesim";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, isReportable, KubectlError, runChecked } from "../../cli/errors.js";
import { managedWrite } from "../../cli/write-options.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import { thaw, type Json } from "./pod-spec.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  outputFlag,
  outputOf,
  printObject,
} from "./printing.js";
import { selectTargets, type Target } from "./resources.js";
import { parsePairs, resourcesAndPairs } from "./set-image.js";

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** jsonpatch.CreateMergePatch: the RFC 7386 merge patch from `a` to `b`. */
export function createMergePatch(a: Json, b: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(b)) {
    const old = a[k];
    if (isMap(old) && isMap(v)) {
      const sub = createMergePatch(old, v);
      if (Object.keys(sub).length > 0) out[k] = sub;
    } else if (goJson(old) !== goJson(v) || !(k in a)) out[k] = v;
  }
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  return out;
}

/** parseLabels (label.go): `key=value` (one `=`; the value checked), `key-`. */
function parseLabels(spec: readonly string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const s of spec) {
    if (s.includes("=")) {
      const parts = s.split("=");
      if (parts.length !== 2) throw new KubectlError(`invalid label spec: ${s}`);
      const errs = isValidLabelValue(parts[1]!);
      if (errs.length > 0)
        throw new KubectlError(`invalid label value: ${JSON.stringify(s)}: ${errs.join(";")}`);
      set.set(parts[0]!, parts[1]!);
    } else if (s.endsWith("-")) remove.push(s.slice(0, -1));
    else throw new KubectlError(`unknown label spec: ${s}`);
  }
  for (const r of remove)
    if (set.has(r))
      throw new KubectlError("can not both modify and remove a label in the same command");
  return { set, remove };
}

type Field = "labels" | "annotations";

interface Mode {
  readonly field: Field;
  readonly command: string;
  readonly pairType: string;
  parse(pairs: readonly string[]): { set: Map<string, string>; remove: string[] };
  /** The --overwrite check's error, if any key already has a value. */
  overwriteError(
    current: Readonly<Record<string, string>>,
    set: ReadonlyMap<string, string>,
  ): string | undefined;
  /** The operation printed after the object's name. */
  message(before: Json, after: Json, overwrite: boolean): string;
}

const labelMode: Mode = {
  field: "labels",
  command: "label",
  pairType: "label",
  parse: parseLabels,
  overwriteError(current, set) {
    const errs: string[] = [];
    for (const key of set.keys())
      if (key in current)
        errs.push(`'${key}' already has a value (${current[key]}), and --overwrite is false`);
    if (errs.length === 0) return undefined;
    return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
  },
  message(before, after, overwrite) {
    const a = goJson(before);
    const b = goJson(after);
    if (a === b) return "not labeled";
    return !overwrite && b.length < a.length ? "unlabeled" : "labeled";
  },
};

const annotateMode: Mode = {
  field: "annotations",
  command: "annotate",
  pairType: "annotation",
  parse: (pairs) => parsePairs(pairs, "annotation", true),
  overwriteError(current, set) {
    const found: string[] = [];
    for (const key of set.keys()) {
      if (key === "kubernetes.io/change-cause") continue;
      if (key in current) found.push(`'${key}' already has a value (${current[key]})`);
    }
    return found.length === 0
      ? undefined
      : `--overwrite is false but found the following declared annotation(s): ${found.join("; ")}`;
  },
  message: () => "annotated",
};

function fieldOf(obj: Json, field: Field): Record<string, string> {
  const meta = isMap(obj["metadata"]) ? obj["metadata"] : {};
  const v = meta[field];
  return isMap(v) ? (v as Record<string, string>) : {};
}

function run(ctx: CommandContext, mode: Mode): number {
  return runChecked(ctx, () => {
    const dryRun = dryRunOf(ctx);
    const output = outputOf(ctx);
    const overwrite = ctx.flags.bool("overwrite");
    const list = ctx.flags.bool("list");
    const [resources, pairArgs] = resourcesAndPairs(ctx.args, mode.pairType);
    const { set, remove } = mode.parse(pairArgs);
    if (list && output !== "")
      throw new KubectlError("--list and --output may not be specified together");
    const filenames = filenamesOf(ctx);
    if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "")
      throw new KubectlError("cannot set --all and --selector at the same time");
    if (ctx.flags.bool("all") && ctx.flags.string("field-selector") !== "")
      throw new KubectlError("cannot set --all and --field-selector at the same time");
    if (resources.length < 1 && filenames.length === 0)
      throw new KubectlError(
        "one or more resources must be specified as <resource> <name> or <resource>/<name>",
      );
    if (set.size < 1 && remove.length < 1 && !list)
      throw new KubectlError(`at least one ${mode.pairType} update is required`);
    if (mode === annotateMode) {
      const both = remove.filter((r) => set.has(r));
      if (both.length > 0)
        throw new KubectlError(
          `can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`,
        );
    }
    const files =
      filenames.length === 0
        ? undefined
        : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
    const { targets, errors } = selectTargets(ctx, {
      args: resources,
      selector: ctx.flags.string("selector"),
      fieldSelector: ctx.flags.string("field-selector"),
      all: ctx.flags.bool("all"),
      allNamespaces: ctx.flags.bool("all-namespaces"),
      retrieve: true,
      ...(files === undefined ? {} : { files }),
    });
    const errs: unknown[] = [...errors];
    const single = targets.length === 1 && errs.length === 0;
    for (const t of targets) {
      try {
        one(ctx, mode, t, { set, remove, overwrite, list, single, dryRun, output });
      } catch (e) {
        if (!isReportable(e)) throw e;
        errs.push(e);
      }
    }
    if (errs.length === 1) throw errs[0];
    if (errs.length > 1) throw new Aggregate(errs);
    return 0;
  });
}

function one(
  ctx: CommandContext,
  mode: Mode,
  t: Target,
  o: {
    set: ReadonlyMap<string, string>;
    remove: readonly string[];
    overwrite: boolean;
    list: boolean;
    single: boolean;
    dryRun: ReturnType<typeof dryRunOf>;
    output: string;
  },
): void {
  const before = thaw(t.object ?? {});
  const current = fieldOf(before, mode.field);
  if (!o.overwrite) {
    const err = mode.overwriteError(current, o.set);
    if (err !== undefined) throw new KubectlError(err);
  }
  const local = o.dryRun === "client" || o.list;
  if (!local && mode === labelMode)
    for (const r of o.remove)
      if (!(r in current)) ctx.out.write(`label ${JSON.stringify(r)} not found.\n`);
  const updated: Record<string, string> = { ...current };
  for (const [k, v] of o.set) updated[k] = v;
  for (const r of o.remove) delete updated[r];
  const after = thaw(before);
  const meta = isMap(after["metadata"]) ? after["metadata"] : (after["metadata"] = {});
  (meta as Json)[mode.field] = updated;
  const message = mode.message(before, after, o.overwrite);
  let shown: Json = after;
  if (!local) {
    const patch = createMergePatch(before, after);
    shown = ctx.cluster.apiserver.patch(
      t.info.kind as KindName,
      t.namespace || undefined,
      t.name,
      "merge",
      patch,
      managedWrite(ctx, o.dryRun),
    ) as unknown as Json;
  }
  if (o.list) {
    const indent = o.single ? "" : " ";
    if (!o.single)
      ctx.out.write(`Listing ${mode.field} for ${t.info.kind}.${t.info.group}/${t.name}:\n`);
    const m = fieldOf(shown, mode.field);
    for (const k of Object.keys(m).sort()) ctx.out.write(`${indent}${k}=${m[k]}\n`);
    return;
  }
  const printed = mode === labelMode ? after : shown;
  if (o.output === "yaml" || o.output === "json") ctx.out.write(printObject(printed, o.output));
  else
    ctx.out.write(
      nameLine(kindString(t.info), t.name, dryRunOperation(message, o.dryRun), o.output === "name"),
    );
}

const sharedFlags = (what: string) => [
  ...filenameFlags(`identifying the resource to update the ${what}`),
  dryRunFlag,
  outputFlag,
  { name: "overwrite", type: "bool" as const, default: false },
  { name: "list", type: "bool" as const, default: false },
  { name: "local", type: "bool" as const, default: false },
  { name: "selector", short: "l", type: "string" as const, default: "" },
  { name: "field-selector", type: "string" as const, default: "" },
  { name: "all", type: "bool" as const, default: false },
  { name: "all-namespaces", short: "A", type: "bool" as const, default: false },
  { name: "resource-version", type: "string" as const, default: "" },
  {
    name: "field-manager",
    type: "string" as const,
    default: `kubectl-${what === "labels" ? "label" : "annotate"}`,
  },
];

export const labelCommand: KubectlCommand = {
  path: ["label"],
  short: "Update the labels on a resource",
  usage:
    "Usage:\n  kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: sharedFlags("labels"),
  run: (ctx) => run(ctx, labelMode),
};

export const annotateCommand: KubectlCommand = {
  path: ["annotate"],
  short: "Update the annotations on a resource",
  usage:
    "Usage:\n  kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  flags: sharedFlags("annotation"),
  run: (ctx) => run(ctx, annotateMode),
};
