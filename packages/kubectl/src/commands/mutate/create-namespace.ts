/**
 * `kubectl create namespace NAME`: staging/src/k8s.io/kubectl/pkg/cmd/create/
 * create_namespace.go (the API's error is reported as is).
 */
import { runChecked } from "../../cli/errors.js";
import type { KubectlCommand } from "../../cli/command.js";
import { createGenerated, generatorFlags, nameFromArgs } from "./generate.js";

export const createNamespaceCommand: KubectlCommand = {
  path: ["create", "namespace"],
  aliases: ["ns"],
  short: "Create a namespace with the specified name",
  usage: "Usage:\n  kubectl create namespace NAME [--dry-run=server|client|none] [options]",
  flags: generatorFlags,
  run(ctx) {
    return runChecked(ctx, () => {
      const name = nameFromArgs(ctx, "create namespace");
      const ns = {
        kind: "Namespace",
        apiVersion: "v1",
        metadata: { name, creationTimestamp: null },
        spec: {},
        status: {},
      };
      return createGenerated(ctx, "Namespace", ns, undefined);
    });
  },
};
