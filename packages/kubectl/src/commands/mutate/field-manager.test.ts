/**
 * The field manager each writing command records in metadata.managedFields:
 * the real kubectl's --field-manager default (kubectl-create, kubectl-label,
 * kubectl-annotate, kubectl-set, kubectl-expose, kubectl-rollout), or the
 * User-Agent's `kubectl` for the writes that name none (scale, cordon,
 * rollout undo).
 */
import type { KindName } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { session } from "./testdata/host.js";
import { running } from "./testdata/workloads.js";
import type { Session } from "./testdata/host.js";

interface Entry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

function entries(s: Session, kind: KindName, namespace: string | undefined, name: string): Entry[] {
  const obj = s.cluster.apiserver.get(kind, namespace, name) as {
    metadata?: { managedFields?: Entry[] };
  };
  return obj.metadata?.managedFields ?? [];
}

/** The entry of `manager` (Update operation), failing when there is none. */
function updateBy(
  s: Session,
  kind: KindName,
  namespace: string | undefined,
  name: string,
  manager: string,
): Entry {
  const all = entries(s, kind, namespace, name);
  const found = all.find((e) => e.manager === manager && e.operation === "Update");
  expect(
    found,
    `managers: ${all.map((e) => `${e.manager}/${e.operation}`).join(", ")}`,
  ).toBeDefined();
  return found!;
}

function ok(s: Session, line: string): void {
  const r = s.run(line);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
}

/** fieldsV1 has the path (`f:metadata`, `f:labels`, `f:tier`). */
function owns(e: Entry, ...path: string[]): boolean {
  let at: unknown = e.fieldsV1;
  for (const p of path) {
    if (at === null || typeof at !== "object" || !(p in at)) return false;
    at = (at as Record<string, unknown>)[p];
  }
  return true;
}

describe("the field manager of kubectl's writes", () => {
  it("create -f: kubectl-create, or --field-manager", () => {
    const cm = (n: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\ndata:\n  a: b\n`;
    const s = session({ "a.yaml": cm("a"), "b.yaml": cm("b") });
    ok(s, "create -f a.yaml");
    expect(owns(updateBy(s, "ConfigMap", "default", "a", "kubectl-create"), "f:data", "f:a")).toBe(
      true,
    );
    ok(s, "create -f b.yaml --field-manager=tool");
    updateBy(s, "ConfigMap", "default", "b", "tool");
  });

  it("create deployment, configmap, secret generic, namespace: kubectl-create", () => {
    const s = session();
    ok(s, "create deployment web --image=nginx");
    ok(s, "create configmap cfg --from-literal=a=b");
    ok(s, "create secret generic sec --from-literal=a=b");
    ok(s, "create namespace team");
    expect(
      owns(updateBy(s, "Deployment", "default", "web", "kubectl-create"), "f:spec", "f:template"),
    ).toBe(true);
    updateBy(s, "ConfigMap", "default", "cfg", "kubectl-create");
    updateBy(s, "Secret", "default", "sec", "kubectl-create");
    updateBy(s, "Namespace", undefined, "team", "kubectl-create");
    ok(s, "create deployment other --image=nginx --field-manager=ci");
    updateBy(s, "Deployment", "default", "other", "ci");
  });

  it("label: kubectl-label; annotate: kubectl-annotate", () => {
    const s = running();
    ok(s, "label deployment my-api tier=backend");
    ok(s, "annotate deployment my-api team=payments");
    const label = updateBy(s, "Deployment", "default", "my-api", "kubectl-label");
    expect(owns(label, "f:metadata", "f:labels", "f:tier")).toBe(true);
    const annotate = updateBy(s, "Deployment", "default", "my-api", "kubectl-annotate");
    expect(owns(annotate, "f:metadata", "f:annotations", "f:team")).toBe(true);
    ok(s, "label deployment my-api zone=a --field-manager=labeller");
    expect(
      owns(updateBy(s, "Deployment", "default", "my-api", "labeller"), "f:metadata", "f:labels"),
    ).toBe(true);
  });

  it("set image and set env: kubectl-set", () => {
    const s = running();
    ok(s, "set image deployment/my-api api=myapp:v2");
    const set = updateBy(s, "Deployment", "default", "my-api", "kubectl-set");
    expect(owns(set, "f:spec", "f:template", "f:spec", "f:containers")).toBe(true);
    ok(s, "set env deployment/my-api MODE=fast --field-manager=envtool");
    updateBy(s, "Deployment", "default", "my-api", "envtool");
  });

  it("expose: kubectl-expose on the Service", () => {
    const s = running();
    ok(s, "expose deployment my-api --port=80 --target-port=8080");
    expect(owns(updateBy(s, "Service", "default", "my-api", "kubectl-expose"), "f:spec")).toBe(
      true,
    );
  });

  it("rollout pause, resume, restart: kubectl-rollout; rollout undo: kubectl", () => {
    const s = running();
    ok(s, "rollout pause deployment/my-api");
    expect(
      owns(updateBy(s, "Deployment", "default", "my-api", "kubectl-rollout"), "f:spec", "f:paused"),
    ).toBe(true);
    ok(s, "rollout resume deployment/my-api");
    ok(s, "rollout restart deployment/my-api");
    expect(
      owns(
        updateBy(s, "Deployment", "default", "my-api", "kubectl-rollout"),
        "f:spec",
        "f:template",
        "f:metadata",
        "f:annotations",
      ),
    ).toBe(true);
    s.cluster.loop.advance("60s");
    ok(s, "set image deployment/my-api api=myapp:v2");
    s.cluster.loop.advance("60s");
    // The undo brings back the restart's template: the image is the only value it changes.
    ok(s, "rollout undo deployment/my-api");
    const undo = updateBy(s, "Deployment", "default", "my-api", "kubectl");
    expect(
      owns(undo, "f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"api"}', "f:image"),
    ).toBe(true);
  });

  it("scale: kubectl on the scale subresource", () => {
    const s = running();
    ok(s, "scale deployment my-api --replicas=3");
    const e = updateBy(s, "Deployment", "default", "my-api", "kubectl");
    expect(e.subresource).toBe("scale");
    expect(owns(e, "f:spec", "f:replicas")).toBe(true);
  });

  it("cordon: kubectl", () => {
    const s = session();
    const node = s.cluster.apiserver.list("Node").items[0]!.metadata!.name!;
    ok(s, `cordon ${node}`);
    expect(owns(updateBy(s, "Node", undefined, node, "kubectl"), "f:spec", "f:unschedulable")).toBe(
      true,
    );
  });

  it("--dry-run=server records nothing", () => {
    const s = running();
    ok(s, "label deployment my-api tier=backend --dry-run=server");
    expect(entries(s, "Deployment", "default", "my-api").map((e) => e.manager)).not.toContain(
      "kubectl-label",
    );
  });
});
