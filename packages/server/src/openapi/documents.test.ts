import { createHash } from "node:crypto";
import { convertedKinds, kinds } from "@kubesim/api";
import { verbsOf } from "@kubesim/kubectl";
import { describe, expect, it } from "vitest";
import { openApiDocuments, servedSchemas } from "./documents.js";
import { DocumentType } from "./gnostic.js";
import { withPatchExtensions } from "./patch-extensions.js";
import { componentSchemas } from "./schemas.generated.js";
import { kindDefinitions } from "./v3.js";

const docs = openApiDocuments("v1.31.0");
const v3 = (key: string) => JSON.parse(docs.v3().documents.get(key)!.body.toString()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

const prefix = (group: string, version: string) =>
  group === "" ? `api/${version}` : `apis/${group}/${version}`;

describe("the OpenAPI v3 documents", () => {
  it("the root lists every served group-version, api, apis and each group, with the document's hash", () => {
    const root = JSON.parse(docs.v3().root.body.toString()) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    const expected = new Set(["api", "apis"]);
    for (const k of [...kinds, ...convertedKinds]) {
      expected.add(prefix(k.group, k.version));
      if (k.group !== "") expected.add(`apis/${k.group}`);
    }
    expect(Object.keys(root.paths).sort()).toEqual([...expected].sort());
    for (const [key, { serverRelativeURL }] of Object.entries(root.paths)) {
      const doc = docs.v3().documents.get(key)!;
      const hash = createHash("sha512").update(doc.body).digest("hex").toUpperCase();
      expect(serverRelativeURL).toBe(`/openapi/v3/${key}?hash=${hash}`);
    }
  });

  it("hashes are stable: a second build of the same version is byte for byte the same", async () => {
    const { openApiDocuments: again } = await import("./documents.js");
    expect(again("v1.31.0")).toBe(docs);
    const fresh = openApiDocuments("v1.31.1");
    for (const [key, d] of docs.v3().documents) {
      const other = JSON.parse(fresh.v3().documents.get(key)!.body.toString()) as object;
      expect({ ...other, info: {} }).toEqual({
        ...(JSON.parse(d.body.toString()) as object),
        info: {},
      });
    }
  });

  it("has each resource's paths with the operations its verbs allow, named as Kubernetes names them", () => {
    for (const k of [...kinds, ...convertedKinds]) {
      const doc = v3(prefix(k.group, k.version));
      expect(doc.openapi).toBe("3.0.0");
      expect(doc.info).toEqual({ title: "Kubernetes", version: "v1.31.0" });
      const base = `/${prefix(k.group, k.version)}${k.namespaced ? "/namespaces/{namespace}" : ""}/${k.plural}`;
      const verbs = verbsOf(k);
      const item = doc.paths[`${base}/{name}`];
      const collection = doc.paths[base];
      expect(
        Object.keys(item)
          .filter((m) => m !== "parameters")
          .sort(),
      ).toEqual(
        ["delete", "get", "patch", "put"].filter((m) =>
          verbs.includes({ delete: "delete", get: "get", patch: "patch", put: "update" }[m]!),
        ),
      );
      expect(Boolean(collection.delete)).toBe(verbs.includes("deletecollection"));
      const gvk = { group: k.group, kind: k.kind, version: k.version };
      for (const op of [
        item.get,
        item.put,
        item.patch,
        item.delete,
        collection.get,
        collection.post,
      ])
        expect(op["x-kubernetes-group-version-kind"]).toEqual(gvk);
      const g =
        k.group === ""
          ? "Core"
          : k.group.replace(".k8s.io", "").replace(/^./, (c) => c.toUpperCase());
      const scope = k.namespaced ? "Namespaced" : "";
      expect(item.patch.operationId).toBe(`patch${g}V1${scope}${k.kind}`);
      expect(item.get.operationId).toBe(`read${g}V1${scope}${k.kind}`);
      expect(collection.get.operationId).toBe(`list${g}V1${scope}${k.kind}`);
      expect(collection.post.operationId).toBe(`create${g}V1${scope}${k.kind}`);
      expect(item.patch["x-kubernetes-action"]).toBe("patch");
      expect(collection.get["x-kubernetes-action"]).toBe("list");
      expect(Object.keys(item.patch.requestBody.content)).toEqual([
        "application/apply-patch+yaml",
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
      ]);
      const names = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
      expect(names(item.patch)).toEqual(["dryRun", "fieldManager", "fieldValidation", "force"]);
      expect(names(item.put)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
      expect(names(collection.post)).toEqual(["dryRun", "fieldManager", "fieldValidation"]);
      expect(names(collection.get)).toContain("labelSelector");
      expect(names(collection.get)).toContain("watch");
      expect(item.parameters.map((p: { name: string }) => p.name)).toEqual(
        k.namespaced ? ["name", "namespace", "pretty"] : ["name", "pretty"],
      );
      if (k.namespaced)
        expect(doc.paths[`/${prefix(k.group, k.version)}/${k.plural}`].get.operationId).toBe(
          `list${g}V1${k.kind}ForAllNamespaces`,
        );
    }
  });

  it("has an events.k8s.io/v1 document with the events.k8s.io Event schema", () => {
    const doc = v3("apis/events.k8s.io/v1");
    const ev = doc.components.schemas["io.k8s.api.events.v1.Event"];
    expect(Object.keys(ev.properties)).toEqual(
      expect.arrayContaining(["note", "regarding", "reportingController", "deprecatedCount"]),
    );
    expect(ev["x-kubernetes-group-version-kind"]).toEqual([
      { group: "events.k8s.io", kind: "Event", version: "v1" },
    ]);
    expect(
      doc.paths["/apis/events.k8s.io/v1/namespaces/{namespace}/events/{name}"].get,
    ).toBeDefined();
  });

  it("serves the status and scale subresources", () => {
    const apps = v3("apis/apps/v1");
    const base = "/apis/apps/v1/namespaces/{namespace}/deployments/{name}";
    expect(apps.paths[`${base}/status`].patch.operationId).toBe(
      "patchAppsV1NamespacedDeploymentStatus",
    );
    expect(apps.paths[`${base}/scale`].patch.operationId).toBe(
      "patchAppsV1NamespacedDeploymentScale",
    );
    expect(apps.paths[`${base}/scale`].get["x-kubernetes-group-version-kind"]).toEqual({
      group: "autoscaling",
      kind: "Scale",
      version: "v1",
    });
    expect(apps.components.schemas["io.k8s.api.autoscaling.v1.Scale"]).toBeDefined();
    expect(v3("api/v1").paths["/api/v1/namespaces/{namespace}/pods/{name}/status"]).toBeDefined();
  });

  it("every reference in every document resolves inside that document", () => {
    for (const [key, d] of docs.v3().documents) {
      const text = d.body.toString();
      const doc = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
      for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
        expect(doc.components.schemas[m[1]!], `${key}: ${m[1]}`).toBeDefined();
    }
  });

  it("publishes the server's strategic-merge tags, with no kind disagreeing with another", () => {
    expect(withPatchExtensions(componentSchemas, kindDefinitions()).conflicts).toEqual([]);
    const s = servedSchemas();
    expect(s["io.k8s.api.core.v1.PodSpec"]?.properties?.["containers"]).toMatchObject({
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-patch-merge-key": "name",
    });
    expect(s["io.k8s.api.core.v1.Container"]?.properties?.["ports"]).toMatchObject({
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-patch-merge-key": "containerPort",
    });
    expect(s["io.k8s.api.apps.v1.DeploymentSpec"]?.properties?.["strategy"]).toMatchObject({
      "x-kubernetes-patch-strategy": "retainKeys",
    });
    expect(s["io.k8s.api.core.v1.ServiceSpec"]?.properties?.["ports"]).toMatchObject({
      "x-kubernetes-patch-merge-key": "port",
    });
  });
});

describe("the OpenAPI v2 document", () => {
  it("has every v3 path, the patch operation's fieldValidation, consumes and GVK, and the definitions", () => {
    const v2 = JSON.parse(docs.v2().json.body.toString()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(v2.swagger).toBe("2.0");
    const v3Paths = [...docs.v3().documents.values()].flatMap((d) =>
      Object.keys((JSON.parse(d.body.toString()) as { paths: object }).paths),
    );
    expect(Object.keys(v2.paths).sort()).toEqual(v3Paths.sort());
    const patch = v2.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].patch;
    expect(patch.parameters.find((p: { name: string }) => p.name === "fieldValidation")).toEqual(
      expect.objectContaining({ in: "query", type: "string", uniqueItems: true }),
    );
    expect(patch.consumes).toContain("application/strategic-merge-patch+json");
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({
      group: "apps",
      kind: "Deployment",
      version: "v1",
    });
    const strategy = v2.definitions["io.k8s.api.apps.v1.DeploymentSpec"].properties.strategy;
    expect(strategy.$ref).toBe("#/definitions/io.k8s.api.apps.v1.DeploymentStrategy");
    expect(strategy["x-kubernetes-patch-strategy"]).toBe("retainKeys");
    expect(v2.definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({
      type: "string",
      format: "int-or-string",
    });
    for (const m of JSON.stringify(v2).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g))
      expect(v2.definitions[m[1]!], m[1]).toBeDefined();
  });

  it("decodes back from protobuf with the same paths, operations and extensions", () => {
    const v2 = JSON.parse(docs.v2().json.body.toString()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
      definitions: Record<string, unknown>;
    };
    const decoded = DocumentType.toObject(DocumentType.decode(docs.v2().proto.body), {
      defaults: false,
    }) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(decoded.swagger).toBe("2.0");
    expect(decoded.info).toEqual({ title: "Kubernetes", version: "v1.31.0" });
    const paths = decoded.paths.path as { name: string; value: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(paths.map((p) => p.name)).toEqual(Object.keys(v2.paths));
    for (const p of paths)
      for (const m of ["get", "put", "post", "delete", "patch"])
        expect(p.value[m]?.operation_id).toBe(v2.paths[p.name]![m]?.operationId);
    const patch = paths.find((p) => p.name === "/api/v1/namespaces/{namespace}/pods/{name}")!.value[
      "patch"
    ];
    expect(
      patch.parameters.map(
        (x: any) => x.parameter.non_body_parameter?.query_parameter_sub_schema?.name, // eslint-disable-line @typescript-eslint/no-explicit-any
      ),
    ).toContain("fieldValidation");
    expect(patch.vendor_extension).toContainEqual({
      name: "x-kubernetes-group-version-kind",
      value: { yaml: 'group: ""\nkind: Pod\nversion: v1\n' },
    });
    expect(decoded.definitions.additional_properties.map((d: { name: string }) => d.name)).toEqual(
      Object.keys(v2.definitions),
    );
  });
});
