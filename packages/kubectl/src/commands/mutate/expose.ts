/**
 * `kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP]
 * [--target-port=number-or-name] [--name=name] [--type=type]`:
 * staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go with
 * polymorphichelpers (canbeexposed.go, mapbasedselectorforobject.go,
 * portsforobject.go, protocolsforobject.go) and the service generator
 * (generate/versioned/service.go). The Service takes the object's pod
 * selector and labels, and its container ports unless --port is given;
 * prints `service/my-api exposed`.
 */
import { nameLine } from "../../printers/name.js";
import type { KubectlCommand } from "../../cli/command.js";
import { managedWrite } from "../../cli/write-options.js";
import {
  Aggregate,
  isReportable,
  KubectlError,
  runChecked,
  usageErrorf,
} from "../../cli/errors.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import type { Json } from "./pod-spec.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  outputFlag,
  outputOf,
  printObject,
} from "./printing.js";
import { selectTargets, type Target } from "./resources.js";

const EXPOSABLE = new Set(["Pod", "Service", "Deployment", "ReplicaSet"]);

interface PortInfo {
  readonly port: string;
  readonly protocol: string;
}

/** MapBasedSelectorForObject. */
function selectorFor(t: Target, obj: Json): Record<string, string> {
  const meta = (obj["metadata"] ?? {}) as { labels?: Record<string, string> };
  const spec = (obj["spec"] ?? {}) as Json;
  switch (t.info.kind) {
    case "Pod":
      if (meta.labels === undefined || Object.keys(meta.labels).length === 0)
        throw new Error("the pod has no labels and cannot be exposed");
      return meta.labels;
    case "Service": {
      const sel = spec["selector"] as Record<string, string> | undefined;
      if (sel === undefined || Object.keys(sel).length === 0)
        throw new Error("the service has no pod selector set");
      return sel;
    }
    default: {
      const sel = spec["selector"] as
        { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
      if (sel?.matchExpressions !== undefined && sel.matchExpressions.length > 0)
        throw new Error(
          `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`,
        );
      return sel?.matchLabels ?? {};
    }
  }
}

/** PortsForObject and ProtocolsForObject. */
function portsFor(t: Target, obj: Json): PortInfo[] {
  const spec = (obj["spec"] ?? {}) as Json;
  if (t.info.kind === "Service")
    return ((spec["ports"] ?? []) as { port: number; protocol?: string }[]).map((p) => ({
      port: String(p.port),
      protocol: p.protocol ?? "TCP",
    }));
  const pod =
    t.info.kind === "Pod" ? spec : ((((spec["template"] ?? {}) as Json)["spec"] ?? {}) as Json);
  const out: PortInfo[] = [];
  for (const c of (pod["containers"] ?? []) as {
    ports?: { containerPort: number; protocol?: string }[];
  }[])
    for (const p of c.ports ?? [])
      out.push({ port: String(p.containerPort), protocol: p.protocol ?? "TCP" });
  return out;
}

export const exposeCommand: KubectlCommand = {
  path: ["expose"],
  short:
    "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
  usage:
    "Usage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
  flags: [
    ...filenameFlags("identifying the resource to expose a service"),
    dryRunFlag,
    outputFlag,
    { name: "port", type: "string", default: "" },
    { name: "target-port", type: "string", default: "" },
    { name: "protocol", type: "string", default: "" },
    { name: "name", type: "string", default: "" },
    { name: "type", type: "string", default: "" },
    { name: "selector", type: "string", default: "" },
    { name: "labels", short: "l", type: "string", default: "" },
    { name: "external-ip", type: "string", default: "" },
    { name: "cluster-ip", type: "string", default: "" },
    { name: "load-balancer-ip", type: "string", default: "" },
    { name: "session-affinity", type: "string", default: "" },
    { name: "save-config", type: "bool", default: false },
    { name: "field-manager", type: "string", default: "kubectl-expose" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      const dryRun = dryRunOf(ctx);
      const output = outputOf(ctx);
      const filenames = filenamesOf(ctx);
      const files =
        filenames.length === 0
          ? undefined
          : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      let selection;
      try {
        selection = selectTargets(ctx, {
          args: ctx.args,
          retrieve: true,
          ...(files === undefined ? {} : { files }),
        });
      } catch (e) {
        if (e instanceof KubectlError) throw usageErrorf("expose", e.message);
        throw e;
      }
      const { targets, errors } = selection;
      const errs: unknown[] = [...errors];
      for (const t of targets) {
        try {
          expose(t);
        } catch (e) {
          if (!isReportable(e)) throw e;
          errs.push(e);
        }
      }
      if (errs.length === 1) throw errs[0];
      if (errs.length > 1) throw new Aggregate(errs);
      return 0;

      function expose(t: Target): void {
        if (!EXPOSABLE.has(t.info.kind))
          throw new KubectlError(
            `cannot expose a ${t.info.group === "" ? t.info.kind : `${t.info.kind}.${t.info.group}`}`,
          );
        const obj = t.object ?? {};
        const meta = (obj["metadata"] ?? {}) as { labels?: Record<string, string> };
        let selector: Record<string, string>;
        const selectorFlag = ctx.flags.string("selector");
        if (selectorFlag !== "") selector = parseMap(selectorFlag);
        else {
          try {
            selector = selectorFor(t, obj);
          } catch (e) {
            throw usageErrorf(
              "expose",
              `couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`,
            );
          }
        }
        const clusterIP = ctx.flags.string("cluster-ip");
        const headless = clusterIP === "None";
        const known = portsFor(t, obj);
        let ports: string[];
        const portFlag = ctx.flags.string("port");
        if (portFlag !== "") ports = [portFlag];
        else {
          if (known.length === 0 && !headless)
            throw usageErrorf("expose", "couldn't find port via --port flag or introspection");
          ports = known.map((p) => p.port);
        }
        const protocols = new Map(known.map((p) => [p.port, p.protocol]));
        const protocolFlag = ctx.flags.string("protocol");
        const servicePorts = ports.map((p, i) => {
          const port = Number(p);
          if (!/^\d+$/.test(p))
            throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax`);
          let protocol = protocolFlag;
          if (protocol === "") protocol = protocols.get(p) ?? "TCP";
          return {
            ...(ports.length > 1 ? { name: `port-${i + 1}` } : {}),
            protocol,
            port,
          };
        });
        const targetPortFlag = ctx.flags.string("target-port");
        const withTargets = servicePorts.map((sp) => ({
          ...sp,
          targetPort:
            targetPortFlag === ""
              ? sp.port
              : /^\d+$/.test(targetPortFlag)
                ? Number(targetPortFlag)
                : targetPortFlag,
        }));
        let name = ctx.flags.string("name");
        if (name === "") name = t.name.slice(0, 63);
        const labelsFlag = ctx.flags.string("labels");
        const labels = labelsFlag !== "" ? parseMap(labelsFlag) : (meta.labels ?? {});
        const type = ctx.flags.string("type");
        const spec: Json = {
          ports: withTargets,
          selector,
          ...(clusterIP === "" ? {} : { clusterIP }),
          ...(type === "" ? {} : { type }),
          ...(ctx.flags.string("external-ip") === ""
            ? {}
            : { externalIPs: [ctx.flags.string("external-ip")] }),
          ...(type === "LoadBalancer" && ctx.flags.string("load-balancer-ip") !== ""
            ? { loadBalancerIP: ctx.flags.string("load-balancer-ip") }
            : {}),
          ...(ctx.flags.string("session-affinity") === ""
            ? {}
            : { sessionAffinity: ctx.flags.string("session-affinity") }),
        };
        const service: Json = {
          kind: "Service",
          apiVersion: "v1",
          metadata: {
            name,
            ...(dryRun === "client" && ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
            creationTimestamp: null,
            ...(Object.keys(labels).length > 0 ? { labels } : {}),
          },
          spec,
          status: { loadBalancer: {} },
        };
        let shown: Json = service;
        if (dryRun !== "client") {
          const toCreate = {
            ...service,
            metadata: { ...(service["metadata"] as Json), namespace: ctx.namespace },
          };
          delete (toCreate.metadata as Json)["creationTimestamp"];
          shown = ctx.cluster.apiserver.create(
            "Service",
            toCreate as never,
            managedWrite(ctx, dryRun),
          ) as unknown as Json;
        }
        if (output === "yaml" || output === "json")
          ctx.out.write(printObject(shown, output, dryRun === "client"));
        else
          ctx.out.write(
            nameLine("service", name, dryRunOperation("exposed", dryRun), output === "name"),
          );
      }
    });
  },
};

/** `a=b,c=d` as the generator parses --selector and --labels. */
function parseMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) throw new KubectlError(`invalid label spec: ${part}`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}
