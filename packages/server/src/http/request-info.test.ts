import { describe, expect, it } from "vitest";
import { requestInfo } from "./request-info.js";

const q = (s = "") => new URLSearchParams(s);

describe("requestInfo (RequestInfoFactory)", () => {
  it.each([
    [
      "GET",
      "/api/v1/namespaces/default/pods",
      "",
      { group: "", version: "v1", namespace: "default", resource: "pods", name: "", verb: "list" },
    ],
    ["GET", "/api/v1/namespaces/default/pods", "watch=true", { resource: "pods", verb: "watch" }],
    ["GET", "/api/v1/namespaces/default/pods", "watch=1", { resource: "pods", verb: "watch" }],
    ["GET", "/api/v1/namespaces/default/pods", "watch=false", { resource: "pods", verb: "list" }],
    ["GET", "/api/v1/pods", "", { namespace: "", resource: "pods", verb: "list" }],
    [
      "GET",
      "/api/v1/namespaces/default/pods/web",
      "",
      { resource: "pods", name: "web", verb: "get" },
    ],
    [
      "GET",
      "/api/v1/namespaces/default/pods/web/status",
      "",
      { resource: "pods", name: "web", subresource: "status", verb: "get" },
    ],
    [
      "PATCH",
      "/apis/apps/v1/namespaces/default/deployments/web/scale",
      "",
      { group: "apps", resource: "deployments", name: "web", subresource: "scale", verb: "patch" },
    ],
    [
      "POST",
      "/apis/apps/v1/namespaces/ns1/deployments",
      "",
      { group: "apps", namespace: "ns1", resource: "deployments", verb: "create" },
    ],
    ["PUT", "/api/v1/namespaces/default/configmaps/c", "", { verb: "update", name: "c" }],
    ["DELETE", "/api/v1/namespaces/default/configmaps/c", "", { verb: "delete", name: "c" }],
    ["DELETE", "/api/v1/namespaces/default/configmaps", "", { verb: "deletecollection", name: "" }],
    [
      "GET",
      "/api/v1/namespaces/kube-system",
      "",
      { namespace: "kube-system", resource: "namespaces", name: "kube-system", verb: "get" },
    ],
    [
      "GET",
      "/api/v1/namespaces/kube-system/status",
      "",
      { resource: "namespaces", name: "kube-system", subresource: "status" },
    ],
    [
      "GET",
      "/api/v1/namespaces",
      "",
      { namespace: "", resource: "namespaces", name: "", verb: "list" },
    ],
    [
      "GET",
      "/api/v1/watch/namespaces/default/pods",
      "",
      { namespace: "default", resource: "pods", verb: "watch" },
    ],
    [
      "GET",
      "/api/v1/nodes/node-1",
      "",
      { namespace: "", resource: "nodes", name: "node-1", verb: "get" },
    ],
    [
      "GET",
      "/api/v1/namespaces/default/pods/web/log/extra",
      "",
      { subresource: "log", extra: ["extra"] },
    ],
  ])("%s %s?%s", (method, path, query, want) => {
    const info = requestInfo(method, path, q(query));
    expect(info.kind).toBe("resource");
    expect(info).toMatchObject(want);
  });

  it("tells discovery documents and other paths apart", () => {
    expect(requestInfo("GET", "/api", q())).toEqual({ kind: "discovery", apiPrefix: "api" });
    expect(requestInfo("GET", "/apis", q())).toEqual({ kind: "discovery", apiPrefix: "apis" });
    expect(requestInfo("GET", "/apis/apps", q())).toEqual({
      kind: "discovery",
      apiPrefix: "apis",
      group: "apps",
    });
    expect(requestInfo("GET", "/api/v1", q())).toEqual({
      kind: "discovery",
      apiPrefix: "api",
      group: "",
      version: "v1",
    });
    expect(requestInfo("GET", "/apis/apps/v1/", q())).toEqual({
      kind: "discovery",
      apiPrefix: "apis",
      group: "apps",
      version: "v1",
    });
    expect(requestInfo("GET", "/version", q())).toEqual({ kind: "other", path: "/version" });
    expect(requestInfo("GET", "/openapi/v3", q())).toEqual({ kind: "other", path: "/openapi/v3" });
  });

  it("decodes escaped path segments and keeps broken escapes as they are", () => {
    expect(requestInfo("GET", "/api/v1/namespaces/a%2Db/pods", q())).toMatchObject({
      namespace: "a-b",
    });
    expect(requestInfo("GET", "/api/v1/namespaces/%E0%A4%A/pods", q())).toMatchObject({
      namespace: "%E0%A4%A",
    });
  });
});
