import { describe, expect, it } from "vitest";
import { sprintf } from "./sprintf.js";

describe("sprintf (Go fmt verbs used in event messages)", () => {
  it("formats Kubernetes' own messages", () => {
    expect(sprintf("Scaled up replica set %s from %d to %d", "web-7d9c6b5f4", 0, 1)).toBe(
      "Scaled up replica set web-7d9c6b5f4 from 0 to 1",
    );
    expect(sprintf("Created pod: %v", "web-7d9c6b5f4-x2k8p")).toBe(
      "Created pod: web-7d9c6b5f4-x2k8p",
    );
    expect(
      sprintf("Back-off restarting failed container %s in pod %s", "app", "web_default(uid)"),
    ).toBe("Back-off restarting failed container app in pod web_default(uid)");
  });

  it("supports %q, %t and %%", () => {
    expect(sprintf("%q is 100%% %t", "x", true)).toBe('"x" is 100% true');
  });

  it("reports missing, extra and mistyped arguments as Go does", () => {
    expect(sprintf("%s and %d", "a")).toBe("a and %!d(MISSING)");
    expect(sprintf("hi", "x", 1)).toBe("hi%!(EXTRA string=x, int=1)");
    expect(sprintf("%d", "x")).toBe("%!d(string=x)");
  });
});
