import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveEndpoint } from "./kubeconfig.js";

const dir = mkdtempSync(join(tmpdir(), "kubesim-kubeconfig-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

const config = (o: { current?: string; server?: string; ca?: string; user?: string } = {}) => `
apiVersion: v1
kind: Config
clusters:
  - name: sim
    cluster:
      server: ${o.server ?? "https://127.0.0.1:6443/"}
      ${o.ca ?? `certificate-authority-data: ${Buffer.from(PEM).toString("base64")}`}
  - name: other
    cluster: { server: "https://10.0.0.1:6443", insecure-skip-tls-verify: true }
users:
  - name: me
    user: ${o.user ?? "{ token: abc123 }"}
contexts:
  - name: kubesim
    context: { cluster: sim, user: me }
  - name: elsewhere
    context: { cluster: other, user: me }
${o.current === undefined ? "current-context: kubesim" : o.current}
`;

describe("resolveEndpoint", () => {
  it("takes the current context's server (without a trailing slash), CA data and token", () => {
    const kc = file("a.yaml", config());
    expect(resolveEndpoint({ file: kc, env: {}, cwd: dir })).toEqual({
      server: "https://127.0.0.1:6443",
      ca: PEM,
      token: "abc123",
      insecureSkipTlsVerify: false,
      context: "kubesim",
    });
  });

  it("takes --context, and insecure-skip-tls-verify", () => {
    const kc = file("b.yaml", config());
    expect(resolveEndpoint({ file: kc, context: "elsewhere", env: {}, cwd: dir })).toMatchObject({
      server: "https://10.0.0.1:6443",
      insecureSkipTlsVerify: true,
      context: "elsewhere",
    });
  });

  it("reads certificate-authority and tokenFile relative to the kubeconfig's folder", () => {
    file("ca.crt", PEM);
    file("token", "from-file\n");
    const kc = file(
      "c.yaml",
      config({ ca: "certificate-authority: ca.crt", user: "{ tokenFile: token }" }),
    );
    expect(resolveEndpoint({ file: "c.yaml", env: {}, cwd: dir })).toMatchObject({
      ca: PEM,
      token: "from-file",
    });
    expect(kc).toBe(join(dir, "c.yaml"));
  });

  it("merges $KUBECONFIG's files: the first to set current-context wins, missing files are skipped", () => {
    const first = file("first.yaml", "current-context: elsewhere\n");
    const second = file("second.yaml", config());
    const env = { KUBECONFIG: [join(dir, "missing.yaml"), first, second].join(":") };
    expect(resolveEndpoint({ env, cwd: dir }).context).toBe("elsewhere");
  });

  it("reads ~/.kube/config when nothing else is given", () => {
    const home = mkdtempSync(join(tmpdir(), "kubesim-home-"));
    const kube = join(home, ".kube");
    mkdirSync(kube);
    writeFileSync(join(kube, "config"), config());
    expect(resolveEndpoint({ env: { HOME: home }, cwd: dir }).server).toBe(
      "https://127.0.0.1:6443",
    );
  });

  it.each([
    [config({ current: "" }), "current-context is not set"],
    [
      config({ current: "current-context: gone" }),
      "context was not found for specified context: gone",
    ],
    [
      config({ ca: "certificate-authority: nope.crt" }),
      "unable to read certificate-authority nope.crt",
    ],
    ["clusters: [\n", "error loading config file"],
  ])("refuses %j", (text, message) => {
    const kc = file("bad.yaml", text);
    expect(() => resolveEndpoint({ file: kc, env: {}, cwd: dir })).toThrow(message);
  });
});
