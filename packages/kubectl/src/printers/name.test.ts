import { describe, expect, it } from "vitest";
import { printName } from "./name.js";

describe("printName (-o name)", () => {
  it("prints kind/name for the core group and kind.group/name otherwise", () => {
    expect(printName({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-1" } })).toBe(
      "pod/web-1\n",
    );
    expect(
      printName({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } }),
    ).toBe("deployment.apps/web\n");
  });

  it("prints each item of a List", () => {
    expect(
      printName({
        apiVersion: "v1",
        kind: "List",
        items: [
          { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "a" } },
          { apiVersion: "v1", kind: "Service", metadata: {} },
        ],
      }),
    ).toBe("ingress.networking.k8s.io/a\nservice/<unknown>\n");
  });
});
