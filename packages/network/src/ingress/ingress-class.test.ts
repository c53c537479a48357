import type { Ingress } from "kubernetes-types/networking/v1";
import { describe, expect, it } from "vitest";
import { defaultIngressClass, ingressClassFor, ingressesHandled } from "./ingress-class.js";
import { ingressClass, ingressOf } from "./testdata/fixtures.js";

const nginx = ingressClass("nginx", "k8s.io/ingress-nginx");
const traefik = ingressClass("traefik", "traefik.io/ingress-controller");
const base = ingressOf("web", "a.com", [{ path: "/", pathType: "Prefix" }]);
const withClass = (name: string): Ingress => ({
  ...base,
  spec: { ...base.spec, ingressClassName: name },
});
const withAnnotation = (v: string): Ingress => ({
  ...base,
  metadata: { ...base.metadata, annotations: { "kubernetes.io/ingress.class": v } },
});

describe("ingressClassFor", () => {
  it("uses spec.ingressClassName, handled when the class's controller is k8s.io/ingress-nginx", () => {
    expect(ingressClassFor(withClass("nginx"), [nginx, traefik])).toMatchObject({
      className: "nginx",
      source: "ingressClassName",
      handled: true,
    });
    expect(ingressClassFor(withClass("traefik"), [nginx, traefik]).handled).toBe(false);
  });

  it("does not handle a class name with no IngressClass", () => {
    expect(ingressClassFor(withClass("missing"), [nginx])).toMatchObject({
      handled: false,
      reason: 'ingressclass.networking.k8s.io "missing" not found',
    });
  });

  it("falls back to the deprecated annotation, which must equal the controller's --ingress-class", () => {
    expect(ingressClassFor(withAnnotation("nginx"), [])).toMatchObject({
      source: "annotation",
      handled: true,
    });
    expect(ingressClassFor(withAnnotation("traefik"), [nginx])).toMatchObject({
      handled: false,
      reason: "ingress class annotation is not equal to the expected by Ingress Controller",
    });
  });

  it("prefers the field over the annotation", () => {
    const both: Ingress = {
      ...withAnnotation("traefik"),
      spec: { ...base.spec, ingressClassName: "nginx" },
    };
    expect(ingressClassFor(both, [nginx, traefik])).toMatchObject({
      source: "ingressClassName",
      handled: true,
    });
  });

  it("leaves a class-less Ingress alone even with a default class (admission sets the class on create; ingress-nginx does not fall back)", () => {
    const def = ingressClass("nginx", "k8s.io/ingress-nginx", { isDefault: true });
    expect(ingressClassFor(base, [def])).toMatchObject({
      className: undefined,
      source: "none",
      handled: false,
      reason: "ingress does not contain a valid IngressClass",
    });
  });

  it("with several defaults picks the newest, ties by name (getDefaultClass)", () => {
    const old = ingressClass("b-old", "x/y", {
      isDefault: true,
      creationTimestamp: "2024-01-01T00:00:00Z",
    });
    const newer = ingressClass("c-new", "x/y", {
      isDefault: true,
      creationTimestamp: "2024-02-01T00:00:00Z",
    });
    const tie = ingressClass("a-new", "x/y", {
      isDefault: true,
      creationTimestamp: "2024-02-01T00:00:00Z",
    });
    expect(defaultIngressClass([old, newer])?.metadata?.name).toBe("c-new");
    expect(defaultIngressClass([old, newer, tie])?.metadata?.name).toBe("a-new");
    expect(defaultIngressClass([nginx])).toBeUndefined();
  });

  it("handles a class-less Ingress without a default only with --watch-ingress-without-class", () => {
    expect(ingressClassFor(base, [nginx])).toMatchObject({
      handled: false,
      reason: "ingress does not contain a valid IngressClass",
    });
    expect(ingressClassFor(base, [nginx], { watchWithoutClass: true }).handled).toBe(true);
  });

  it("--ingress-class-by-name accepts the class named like the annotation value", () => {
    const named = ingressClass("nginx", "example.com/other");
    expect(ingressClassFor(withClass("nginx"), [named]).handled).toBe(false);
    expect(ingressClassFor(withClass("nginx"), [named], { ingressClassByName: true }).handled).toBe(
      true,
    );
  });

  it("ingressesHandled keeps the handled ones in order", () => {
    expect(
      ingressesHandled([withClass("traefik"), withClass("nginx")], [nginx, traefik]),
    ).toHaveLength(1);
  });
});
