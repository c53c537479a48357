import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { webDeployment, webImages, webService } from "../testdata/web.js";
import { SERVICE_NAME_LABEL, checkEndpoints } from "./convergence.js";

function running(publishNotReadyAddresses = false): Cluster {
  // The app takes 10 s to stop after SIGTERM: a deleted pod terminates for a while.
  const images = { images: { "app:*": { ...webImages.images["app:*"], stopAfterSigterm: "10s" } } };
  const c = Cluster.create({ seed: 3, dns: false, ingress: false, images });
  const service = publishNotReadyAddresses
    ? { ...webService, spec: { ...webService.spec, publishNotReadyAddresses } }
    : webService;
  c.apply([webDeployment("app:v1"), service]);
  c.advance("1m");
  return c;
}

function slicesOf(c: Cluster): EndpointSlice[] {
  return c.apiserver
    .list("EndpointSlice", { namespace: "default" })
    .items.filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === "web");
}

describe("checkEndpoints over EndpointSlices", () => {
  it("holds once settled: the slices' ready endpoints are the 4 ready pods", () => {
    const c = running();
    expect(checkEndpoints(c, "default", "web")).toEqual([]);
    const ready = slicesOf(c).flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready));
    expect(ready).toHaveLength(4);
  });

  it("holds for a terminating pod: in the slice, ready=false serving=true terminating=true", () => {
    const c = running();
    const pod = c.list("Pod").find((p) => p.metadata?.labels?.["app"] === "web");
    const name = pod?.metadata?.name ?? "";
    c.faults.deletePod(name, { gracePeriodSeconds: 30 });
    c.advance("1s");
    const ep = slicesOf(c)
      .flatMap((s) => s.endpoints)
      .find((e) => e.targetRef?.name === name);
    expect(ep?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(checkEndpoints(c, "default", "web")).toEqual([]);
  });

  it("finds a slice whose conditions differ from the controller's, and a missing slice", () => {
    const c = running();
    const [slice] = slicesOf(c);
    if (slice === undefined) throw new Error("no slice");
    const [first, ...rest] = slice.endpoints;
    if (first === undefined) throw new Error("no endpoint");
    const ip = first.addresses[0] ?? "";
    c.apiserver.update("EndpointSlice", {
      ...slice,
      endpoints: [
        { ...first, conditions: { ready: true, serving: true, terminating: true } },
        ...rest,
      ],
    });
    const found = checkEndpoints(c, "default", "web");
    expect(found.map((v) => v.invariant)).toEqual(["endpointSlices"]);
    expect(found[0]?.message).toBe(
      `endpointslices of default/web: endpoint ${ip} is pod ${first.targetRef?.name} ready=true serving=true terminating=true, want ${first.targetRef?.name} ready=true serving=true terminating=false`,
    );

    c.apiserver.delete("EndpointSlice", "default", slice.metadata?.name ?? "");
    const gone = checkEndpoints(c, "default", "web");
    expect(gone[0]?.message).toMatch(
      /^endpointslices of default\/web: ready endpoints \[\], ready pods are \[.+\]$/,
    );
    expect(gone.filter((v) => v.message.includes("has no endpoint"))).toHaveLength(4);
  });

  it("with publishNotReadyAddresses, a terminating pod stays in the Endpoints' addresses", () => {
    const c = running(true);
    const pod = c.list("Pod").find((p) => p.metadata?.labels?.["app"] === "web");
    c.faults.deletePod(pod?.metadata?.name ?? "", { gracePeriodSeconds: 30 });
    c.advance("1s");
    const ep = c.apiserver.get("Endpoints", "default", "web");
    const addresses = (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    expect(addresses).toContain(pod?.status?.podIP);
    // The 3 others, the terminating one and its replacement, ready or not.
    expect(addresses).toHaveLength(5);
    expect(checkEndpoints(c, "default", "web")).toEqual([]);
  });
});
