/**
 * `kubectl create secret generic NAME [--type=string] [--from-file=[key=]source]
 * [--from-literal=key=value] [--from-env-file=source] [--append-hash]`:
 * staging/src/k8s.io/kubectl/pkg/cmd/create/create_secret.go. Values are
 * base64-encoded by kubectl, as the API stores them.
 */
import { encodeBase64, isConfigMapKey } from "@kubesim/api";
import { goJson } from "kubesim";
import type { KubectlCommand } from "../../cli/command.js";
import { KubectlError, runChecked } from "../../cli/errors.js";
import { encodeHash, sliceFlag, sourceFlags } from "./create-configmap.js";
import { addEnvFileSources, addFileSources, addLiteralSources } from "./from-sources.js";
import { createGenerated, generatedMeta, generatorFlags, nameFromArgs } from "./generate.js";

export const createSecretGenericCommand: KubectlCommand = {
  path: ["create", "secret", "generic"],
  short: "Create a secret from a local file, directory, or literal value",
  usage:
    "Usage:\n  kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  flags: [...generatorFlags, ...sourceFlags, { name: "type", type: "string", default: "" }],
  run(ctx) {
    return runChecked(ctx, () => {
      const name = nameFromArgs(ctx, "create secret generic");
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
            `${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(";")}`,
          );
        if (key in data)
          throw new KubectlError(`cannot add key ${key}, another key by that name already exists`);
        data[key] = encodeBase64(value);
      };
      addLiteralSources(literals, add);
      addFileSources(ctx.host, files, add);
      addEnvFileSources(ctx.host, envFiles, "env secret file cannot be a directory", add);
      const sorted = Object.fromEntries(
        Object.keys(data)
          .sort()
          .map((k) => [k, data[k]!]),
      );
      const type = ctx.flags.string("type");
      let finalName = name;
      if (ctx.flags.bool("append-hash"))
        finalName = `${name}-${encodeHash(goJson({ kind: "Secret", type, name, data: sorted }))}`;
      const secret = {
        kind: "Secret",
        apiVersion: "v1",
        metadata: generatedMeta(ctx, finalName),
        ...(Object.keys(sorted).length > 0 ? { data: sorted } : {}),
        ...(type === "" ? {} : { type }),
      };
      return createGenerated(ctx, "Secret", secret, "secret");
    });
  },
};
