import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isServeError } from "./server.js";
import { ask } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const UNAUTHORIZED = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Unauthorized",
  reason: "Unauthorized",
  code: 401,
};

describe("authentication", () => {
  it("answers 401 with kube-apiserver's Status without the token, with another, or with another scheme", async () => {
    const server = await startServer();
    for (const path of [
      "/api/v1/namespaces/default/pods",
      "/version",
      "/api",
      "/apis",
      "/apis/apps/v1",
    ]) {
      const none = await ask(server, { path, token: null });
      expect(none.status).toBe(401);
      expect(none.json()).toEqual(UNAUTHORIZED);
      expect((await ask(server, { path, token: "wrong-token-0123456789" })).status).toBe(401);
      expect(
        (
          await ask(server, {
            path,
            token: null,
            headers: { Authorization: `Basic ${server.token}` },
          })
        ).status,
      ).toBe(401);
    }
    expect((await ask(server, { path: "/version" })).status).toBe(200);
  });

  it("leaves /healthz, /livez and /readyz open", async () => {
    const server = await startServer();
    for (const path of ["/healthz", "/livez", "/readyz"]) {
      const a = await ask(server, { path, token: null });
      expect([a.status, a.text]).toEqual([200, "ok"]);
    }
  });

  it("keeps the CA and the token in the state folder across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-state-"));
    const first = await startServer({ stateDir: dir });
    const { caCert, token } = first;
    await first.close();
    for (const f of ["ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "token"]) {
      expect(existsSync(join(dir, f))).toBe(true);
      expect(statSync(join(dir, f)).mode & 0o077).toBe(0);
    }
    const second = await startServer({ stateDir: dir });
    expect(second.caCert).toBe(caCert);
    expect(second.token).toBe(token);
    expect((await ask(second, { path: "/version" })).status).toBe(200);
  });

  it("makes a new serving certificate, signed by the same CA, for a new host name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-state-"));
    const first = await startServer({ stateDir: dir });
    const ca = first.caCert;
    await first.close();
    const second = await startServer({ stateDir: dir, host: "localhost" });
    expect(second.caCert).toBe(ca);
    expect(second.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect((await ask(second, { path: "/version" })).status).toBe(200);
  });

  it("serves plain http without authentication with --insecure-http, on loopback only", async () => {
    const server = await startServer({ insecureHttp: true });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.token).toBeUndefined();
    expect((await ask(server, { path: "/api/v1/namespaces" })).status).toBe(200);
    expect(server.kubeconfig()).not.toContain("token");
    let err: unknown;
    try {
      await startServer({ insecureHttp: true, host: "0.0.0.0" });
    } catch (e) {
      err = e;
    }
    expect(isServeError(err)).toBe(true);
    expect((err as Error).message).toContain("only allowed on a loopback address");
  });

  it("writes a kubeconfig with the CA data, the token and the context kubesim", async () => {
    const server = await startServer();
    const text = server.kubeconfig();
    expect(text).toContain(`server: ${server.url}`);
    expect(text).toContain(
      `certificate-authority-data: ${Buffer.from(server.caCert!).toString("base64")}`,
    );
    expect(text).toContain(`token: ${server.token}`);
    expect(text).toContain("current-context: kubesim");
  });
});
