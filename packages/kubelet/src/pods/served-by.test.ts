/**
 * The pod's endpoint names the container that answered (Dial.servedBy), so
 * the data plane can tell which pod and image served a request.
 */
import { describe, expect, it } from "vitest";
import { web, World } from "../testdata/world.js";

describe("PodWorker.http: servedBy", () => {
  it("an answered request carries namespace, pod, container, image, pod IP and node", () => {
    const w = new World();
    w.run({ name: "hello", containers: [web()] });
    w.at(1);
    const pod = w.pod("hello");
    const ip = pod.status!.podIP!;
    const req = { method: "GET", path: "/", headers: {}, source: "10.244.0.1" };
    const got = w.network.http(ip, 80, req);
    expect(got.kind === "answered" && got.servedBy).toEqual({
      namespace: "default",
      pod: "hello",
      container: "web",
      image: "nginx:1.27",
      podIP: ip,
      node: pod.spec!.nodeName,
    });
    expect(w.network.http(ip, 8080, req)).toEqual({ kind: "refused" });
  });
});
