/**
 * `kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N` (and `KEY-` to
 * remove, `--from=configmap/x|secret/x`, `--list`, `-c` containers):
 * staging/src/k8s.io/kubectl/pkg/cmd/set/set_env.go with
 * kubectl/pkg/cmd/set/env (ParseEnv, SplitEnvironmentFromResources,
 * GetEnvVarRefString). Prints `deployment.apps/my-api env updated`.
 */
import { isEnvVarName } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { aggregate, Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import {
  calculatePatches,
  sendPodTemplatePatches,
  type Container,
  type EnvVar,
} from "./pod-spec.js";
import { dryRunFlag, dryRunOf, outputFlag, outputOf } from "./printing.js";
import { selectTargets } from "./resources.js";

const ENVIRONMENT_ARG = /^(.+)=(.*)$/s;

/** SplitEnvironmentFromResources: resources, then environment changes. */
function splitEnvironment(args: readonly string[]): [string[], string[]] | undefined {
  const resources: string[] = [];
  const env: string[] = [];
  let first = true;
  for (const s of args) {
    const isEnv = ENVIRONMENT_ARG.test(s) || s.endsWith("-");
    if (isEnv) {
      first = false;
      env.push(s);
    } else if (first) resources.push(s);
    else return undefined;
  }
  return [resources, env];
}

/** envutil.ParseEnv (no stdin in kubesim). */
function parseEnv(spec: readonly string[]): { env: EnvVar[]; remove: string[] } {
  const env: EnvVar[] = [];
  const exists = new Set<string>();
  const remove: string[] = [];
  for (const s of spec) {
    if (s === "-")
      throw new KubectlError(
        "reading environment variables from standard input is not supported by kubesim",
      );
    if (s.includes("=")) {
      const eq = s.indexOf("=");
      const name = s.slice(0, eq);
      const errs = isEnvVarName(name);
      if (errs.length > 0)
        throw new KubectlError(
          `${JSON.stringify(name)} is not a valid key name: ${errs.join(";")}`,
        );
      exists.add(name);
      env.push({ name, value: s.slice(eq + 1) });
    } else if (s.endsWith("-")) remove.push(s.slice(0, -1));
    else throw new KubectlError(`unknown environment variable: ${s}`);
  }
  for (const r of remove)
    if (exists.has(r))
      throw new KubectlError(
        "can not both modify and remove an environment variable in the same command",
      );
  return { env, remove };
}

/** updateEnv: replaced in place, removed, new ones appended. */
function updateEnv(
  existing: readonly EnvVar[],
  env: readonly EnvVar[],
  remove: readonly string[],
): EnvVar[] {
  const out: EnvVar[] = [];
  const covered = new Set(remove);
  for (const e of existing) {
    if (covered.has(e.name)) continue;
    const newer = env.find((x) => x.name === e.name);
    if (newer !== undefined) {
      covered.add(e.name);
      out.push(newer);
      continue;
    }
    out.push(e);
  }
  for (const e of env) {
    if (covered.has(e.name)) continue;
    covered.add(e.name);
    out.push(e);
  }
  return out;
}

/** GetEnvVarRefString. */
function refString(from: NonNullable<EnvVar["valueFrom"]>): string {
  if (from.configMapKeyRef)
    return `configmap ${from.configMapKeyRef.name ?? ""}, key ${from.configMapKeyRef.key}`;
  if (from.secretKeyRef)
    return `secret ${from.secretKeyRef.name ?? ""}, key ${from.secretKeyRef.key}`;
  if (from.fieldRef) return `field path ${from.fieldRef.fieldPath}`;
  if (from.resourceFieldRef) {
    const c = from.resourceFieldRef.containerName;
    return `resource field ${c ? `${c}/` : ""}${from.resourceFieldRef.resource}`;
  }
  return "invalid source";
}

/** path.Match for the -c glob (`*`, `?`, character classes). */
function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${re}$`).test(name);
}

/** keyToEnvName: upper case, characters outside [A-Za-z0-9_] become `_`. */
function keyToEnvName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, "_").toUpperCase();
}

/** --from=configmap/x or secret/x: one variable per key (sorted), referencing it. */
function fromResource(ctx: CommandContext, from: string, keys: readonly string[]): EnvVar[] {
  const { targets, errors } = selectTargets(ctx, { args: [from], retrieve: true });
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new Aggregate(errors);
  const env: EnvVar[] = [];
  for (const t of targets) {
    const data = Object.keys(
      (t.object?.["data"] as Record<string, string> | undefined) ?? {},
    ).sort();
    const name = t.name;
    for (const key of data) {
      if (keys.length > 0 && !keys.includes(key)) continue;
      if (t.info.kind === "Secret")
        env.push({ name: keyToEnvName(key), valueFrom: { secretKeyRef: { name, key } } });
      else if (t.info.kind === "ConfigMap")
        env.push({ name: keyToEnvName(key), valueFrom: { configMapKeyRef: { name, key } } });
      else throw new KubectlError("unsupported resource specified in --from");
    }
  }
  return env;
}

export const setEnvCommand: KubectlCommand = {
  path: ["set", "env"],
  short: "Update environment variables on a pod template",
  usage: "Usage:\n  kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
  flags: [
    ...filenameFlags("the resource to update the env"),
    dryRunFlag,
    outputFlag,
    { name: "containers", short: "c", type: "string", default: "*" },
    { name: "env", short: "e", type: "stringArray" },
    { name: "from", type: "string", default: "" },
    { name: "keys", type: "stringArray" },
    { name: "prefix", type: "string", default: "" },
    { name: "list", type: "bool", default: false },
    { name: "resolve", type: "bool", default: false },
    { name: "overwrite", type: "bool", default: true },
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "all", type: "bool", default: false },
    { name: "local", type: "bool", default: false },
    { name: "field-manager", type: "string", default: "kubectl-set" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "")
        throw new KubectlError("cannot set --all and --selector at the same time");
      const split = splitEnvironment(ctx.args);
      if (split === undefined)
        throw new KubectlError(
          `all resources must be specified before environment changes: ${ctx.args.join(" ")}`,
        );
      const [resources, envArgs] = split;
      const dryRun = dryRunOf(ctx);
      const output = ctx.flags.string("output") === "" ? "" : outputOf(ctx);
      const filenames = filenamesOf(ctx);
      const list = ctx.flags.bool("list");
      const keys = ctx.flags.strings("keys").flatMap((k) => k.split(","));
      if (filenames.length === 0 && resources.length < 1)
        throw new KubectlError(
          "one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
      if (list && output !== "")
        throw new KubectlError("--list and --output may not be specified together");
      if (keys.length > 0 && ctx.flags.string("from") === "")
        throw new KubectlError(
          "when specifying --keys, a configmap or secret must be provided with --from",
        );
      const parsed = parseEnv([...ctx.flags.strings("env"), ...envArgs]);
      const env = [...parsed.env];
      if (ctx.flags.string("from") !== "")
        env.push(...fromResource(ctx, ctx.flags.string("from"), keys));
      const prefix = ctx.flags.string("prefix");
      const finalEnv = env.map((e) => ({ ...e, name: `${prefix}${e.name}` }));
      const files =
        filenames.length === 0
          ? undefined
          : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      const { targets, errors } = selectTargets(ctx, {
        args: resources,
        selector: ctx.flags.string("selector"),
        all: ctx.flags.bool("all"),
        retrieve: true,
        ...(files === undefined ? {} : { files }),
      });
      if (errors.length > 0) throw errors.length === 1 ? errors[0] : new Aggregate(errors);
      const selector = ctx.flags.string("containers");
      const overwrite = ctx.flags.bool("overwrite");
      const patches = calculatePatches(targets, (spec, _obj, t) => {
        const pick = (cs: Container[] | undefined) =>
          (cs ?? []).filter((c) => globMatch(selector, c.name));
        const containers = [...pick(spec.containers), ...pick(spec.initContainers)];
        if (containers.length === 0) {
          ctx.out.error(
            `warning: ${t.info.kind}/${t.name} does not have any containers matching ${JSON.stringify(selector)}\n`,
          );
          return;
        }
        for (const c of containers) {
          if (!overwrite)
            for (const e of finalEnv) {
              const cur = (c.env ?? []).find((x) => x.name === e.name);
              if (cur !== undefined && cur.value !== e.value)
                throw new KubectlError(
                  `'${cur.name}' already has a value (${cur.value ?? ""}), and --overwrite is false`,
                );
            }
          const updated = updateEnv(c.env ?? [], finalEnv, parsed.remove);
          if (updated.length > 0) c.env = updated;
          else delete c.env;
          if (list) {
            ctx.out.write(`# ${t.info.kind} ${t.name}, container ${c.name}\n`);
            for (const e of updated) {
              if (e.valueFrom === undefined) ctx.out.write(`${e.name}=${e.value ?? ""}\n`);
              else ctx.out.write(`# ${e.name} from ${refString(e.valueFrom)}\n`);
            }
          }
        }
      });
      if (list) return 0;
      const allErrs: unknown[] = [];
      allErrs.push(
        ...sendPodTemplatePatches(ctx, patches, {
          update: "env",
          dryRun,
          output,
          afterPatch: () => {
            // set_env.go checks this only once a patch was sent
            if (finalEnv.length === 0 && envArgs.length === 0)
              throw new KubectlError("at least one environment variable must be provided");
          },
        }),
      );
      const agg = aggregate(allErrs);
      if (agg !== undefined) throw agg;
      return 0;
    });
  },
};
