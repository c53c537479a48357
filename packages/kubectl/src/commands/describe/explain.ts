/**
 * `kubectl explain RESOURCE[.FIELD...] [--recursive]`, in a short form:
 * kubesim has no OpenAPI document, so it explains the kinds it serves and
 * the fields of the types the tutorial's objects use (see
 * src/describe/explain-schema.ts), laid out as kubectl's explain prints them.
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go
 * (ExplainOptions.Validate/Run) and pkg/explain/explain.go
 * (SplitAndParseResourceRequestWithMatchingPrefix).
 */
import { kinds, type KindInfo } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { resolveKind } from "../../cli/resources.js";
import { explain, ExplainError } from "../../describe/explain.js";
import { explainSchema } from "../../describe/explain-schema.js";

/** `deployments.apps.spec.replicas` or `deploy.spec.replicas` → the kind and the field path. */
function splitResource(arg: string): { info: KindInfo; path: string[] } {
  for (const k of kinds) {
    if (k.group === "") continue;
    const gr = `${k.plural}.${k.group}`;
    if (arg === gr || arg.startsWith(`${gr}.`))
      return {
        info: k,
        path: arg
          .slice(gr.length)
          .split(".")
          .filter((s) => s !== ""),
      };
  }
  const [resource, ...path] = arg.split(".");
  if (path.some((p) => p === ""))
    throw new KubectlError(`invalid jsonpath syntax, all nodes must be field nodes`);
  return { info: resolveKind(resource ?? ""), path };
}

function run(ctx: CommandContext): number {
  const args = ctx.args;
  if (args.length === 0)
    throw new KubectlError(
      `You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.`,
    );
  if (args.length > 1) throw new KubectlError("We accept only this format: explain RESOURCE");
  const { info, path } = splitResource(args[0]!);
  const apiVersion = ctx.flags.string("api-version");
  if (
    apiVersion !== "" &&
    apiVersion !== (info.group === "" ? info.version : `${info.group}/${info.version}`)
  )
    throw new KubectlError(
      `GVR (${apiVersion.includes("/") ? apiVersion.split("/")[0] : ""}/${apiVersion.split("/").pop()}, Resource=${info.plural}) not found in OpenAPI schema`,
    );
  try {
    ctx.out.write(explain(explainSchema, info, path, ctx.flags.bool("recursive")));
  } catch (e) {
    if (e instanceof ExplainError) throw new KubectlError(e.message);
    throw e;
  }
  return 0;
}

export const explainCommand: KubectlCommand = {
  path: ["explain"],
  short: "Get documentation for a resource (kubesim: a short form)",
  usage: [
    "Describe fields and structure of various resources.",
    "",
    "kubesim's explain is a short form: it knows the kinds kubesim serves (see `kubectl",
    "api-resources`) and the fields of the types the tutorial uses (object metadata, pod spec,",
    "containers, probes, resources, deployment spec and strategy, service spec and ports,",
    "ingress rules), from the Kubernetes 1.30 API documentation. Enum lists are not shown,",
    "and deeper paths answer with an error naming where the short schema stops.",
    "",
    "Usage:",
    "  kubectl explain TYPE[.FIELD...] [--recursive] [options]",
    "",
    "Examples:",
    "  kubectl explain pods",
    "  kubectl explain pods.spec.containers",
    "  kubectl explain deployment.spec.strategy.rollingUpdate",
    "  kubectl explain deployments.apps.spec --recursive",
  ].join("\n"),
  flags: [
    { name: "recursive", type: "bool", default: false },
    { name: "api-version", type: "string", default: "" },
    { name: "output", type: "string", default: "plaintext" },
  ],
  run,
};
