/**
 * `kubectl create configmap NAME [--from-file=[key=]source]
 * [--from-literal=key=value] [--from-env-file=source] [--append-hash]`:
 * staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go, with
 * hash.ConfigMapHash (kubectl/pkg/util/hash) for --append-hash.
 */
import { createHash } from "node:crypto";
import { isConfigMapKey } from "@kubesim/api";
import { goJson } from "kubesim";
import type { KubectlCommand } from "../../cli/command.js";
import { KubectlError, runChecked } from "../../cli/errors.js";
import { addEnvFileSources, addFileSources, addLiteralSources } from "./from-sources.js";
import { createGenerated, generatedMeta, generatorFlags, nameFromArgs } from "./generate.js";

export const sourceFlags = [
  { name: "from-file", type: "stringArray" as const },
  { name: "from-literal", type: "stringArray" as const },
  { name: "from-env-file", type: "stringArray" as const },
  { name: "append-hash", type: "bool" as const, default: false },
];

/** encodeHash(hash(...)): the first ten hex digits of the SHA-256, with 0, 1, 3, a, e swapped out. */
export function encodeHash(data: string): string {
  const hex = createHash("sha256").update(data, "utf8").digest("hex").slice(0, 10);
  const swap: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex].map((c) => swap[c] ?? c).join("");
}

/** The values of a string-slice flag (comma separated, repeatable). */
export function sliceFlag(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(","));
}

export const createConfigMapCommand: KubectlCommand = {
  path: ["create", "configmap"],
  aliases: ["cm"],
  short: "Create a config map from a local file, directory or literal value",
  usage:
    "Usage:\n  kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: [...generatorFlags, ...sourceFlags],
  run(ctx) {
    return runChecked(ctx, () => {
      const name = nameFromArgs(ctx, "create configmap");
      const files = sliceFlag(ctx.flags.strings("from-file"));
      const literals = ctx.flags.strings("from-literal");
      const envFiles = sliceFlag(ctx.flags.strings("from-env-file"));
      if (envFiles.length > 0 && (files.length > 0 || literals.length > 0))
        throw new KubectlError("from-env-file cannot be combined with from-file or from-literal");
      const data: Record<string, string> = {};
      const add = (key: string, value: string) => {
        const errs = isConfigMapKey(key);
        if (errs.length > 0)
          throw new KubectlError(
            `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`,
          );
        if (key in data)
          throw new KubectlError(
            `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`,
          );
        data[key] = value;
      };
      addFileSources(ctx.host, files, add);
      addLiteralSources(literals, add);
      addEnvFileSources(ctx.host, envFiles, "env config file cannot be a directory", add);
      const sorted = Object.fromEntries(
        Object.keys(data)
          .sort()
          .map((k) => [k, data[k]!]),
      );
      let finalName = name;
      if (ctx.flags.bool("append-hash"))
        finalName = `${name}-${encodeHash(goJson({ kind: "ConfigMap", name, data: sorted }))}`;
      const cm = {
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: generatedMeta(ctx, finalName),
        ...(Object.keys(sorted).length > 0 ? { data: sorted } : {}),
      };
      return createGenerated(ctx, "ConfigMap", cm, "configmap");
    });
  },
};
