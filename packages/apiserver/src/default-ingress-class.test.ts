/**
 * The DefaultIngressClass admission plugin
 * (plugin/pkg/admission/network/defaultingressclass): an Ingress created
 * without a class gets the default IngressClass; the newest default wins.
 */
import { describe, expect, it } from "vitest";
import { produce } from "immer";
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";
import { harness } from "./internal/fixtures.js";
import { admitDefaultIngressClass } from "./internal/default-ingress-class.js";
import { Storage } from "./internal/storage.js";

const DEFAULT = "ingressclass.kubernetes.io/is-default-class";

function ingressClass(name: string, isDefault?: string): IngressClass {
  return {
    metadata: {
      name,
      ...(isDefault === undefined ? {} : { annotations: { [DEFAULT]: isDefault } }),
    },
    spec: { controller: `example.com/${name}` },
  };
}

function ingress(
  name: string,
  extra: Partial<Ingress["spec"]> = {},
  annotations?: Record<string, string>,
): Ingress {
  return {
    metadata: { name, ...(annotations === undefined ? {} : { annotations }) },
    spec: {
      rules: [
        {
          host: "api.example.com",
          http: {
            paths: [
              {
                path: "/api",
                pathType: "Prefix",
                backend: { service: { name: "my-api", port: { number: 80 } } },
              },
            ],
          },
        },
      ],
      ...extra,
    },
  };
}

describe("DefaultIngressClass admission", () => {
  it("sets spec.ingressClassName to the default class on create", () => {
    const { api } = harness();
    api.create("IngressClass", ingressClass("other"));
    api.create("IngressClass", ingressClass("nginx", "true"));
    const ing = api.create("Ingress", ingress("web"));
    expect(ing.spec?.ingressClassName).toBe("nginx");
    expect(Object.keys(ing.spec!)[0]).toBe("ingressClassName"); // IngressSpec's first field
    expect(api.get("Ingress", "default", "web").spec?.ingressClassName).toBe("nginx");
  });

  it('leaves the Ingress alone without a default class (the annotation must be exactly "true")', () => {
    const { api } = harness();
    api.create("IngressClass", ingressClass("nginx", "True"));
    expect(api.create("Ingress", ingress("web")).spec?.ingressClassName).toBeUndefined();
  });

  it("keeps a class the Ingress names, by field or by the legacy annotation", () => {
    const { api } = harness();
    api.create("IngressClass", ingressClass("nginx", "true"));
    expect(
      api.create("Ingress", ingress("a", { ingressClassName: "traefik" })).spec?.ingressClassName,
    ).toBe("traefik");
    const legacy = api.create(
      "Ingress",
      ingress("b", {}, { "kubernetes.io/ingress.class": "traefik" }),
    );
    expect(legacy.spec?.ingressClassName).toBeUndefined();
  });

  it("several defaults: the newest wins, then the lower name (no longer an error since 1.25)", () => {
    const { api, loop } = harness();
    api.create("IngressClass", ingressClass("old", "true"));
    loop.advance("5s");
    api.create("IngressClass", ingressClass("new-b", "true"));
    api.create("IngressClass", ingressClass("new-a", "true"));
    expect(api.create("Ingress", ingress("web")).spec?.ingressClassName).toBe("new-a");
    loop.advance("1s");
    api.create("IngressClass", ingressClass("newest", "true"));
    expect(api.create("Ingress", ingress("web2")).spec?.ingressClassName).toBe("newest");
  });

  it("only on create: an update that drops the class is not defaulted again", () => {
    const { api } = harness();
    api.create("IngressClass", ingressClass("nginx", "true"));
    const ing = api.create("Ingress", ingress("web", { ingressClassName: "traefik" }));
    const updated = api.update(
      "Ingress",
      produce(ing, (d) => {
        delete d.spec!.ingressClassName;
      }),
    );
    expect(updated.spec?.ingressClassName).toBeUndefined();
  });

  it("a class made default later does not change existing Ingresses", () => {
    const { api } = harness();
    api.create("Ingress", ingress("web"));
    api.create("IngressClass", ingressClass("nginx", "true"));
    expect(api.get("Ingress", "default", "web").spec?.ingressClassName).toBeUndefined();
  });

  it("applies to dry-run creates and leaves other kinds alone", () => {
    const { api } = harness();
    api.create("IngressClass", ingressClass("nginx", "true"));
    expect(api.create("Ingress", ingress("web"), { dryRun: true }).spec?.ingressClassName).toBe(
      "nginx",
    );
    expect(api.list("Ingress").items).toEqual([]);
    const cm = { kind: "ConfigMap", metadata: { name: "c" } } as never;
    expect(admitDefaultIngressClass(new Storage(10, undefined), cm)).toBe(cm);
  });
});
