/**
 * The TLS material in the state folder: made once, reused while it serves,
 * made anew (the serving certificate, with the same CA) when it would not.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateTls } from "./certs.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), "kubesim-certs-"));
  dirs.push(d);
  return d;
}
const serving = (dir: string) => readFileSync(join(dir, "apiserver.crt"), "utf8");

describe("loadOrCreateTls", () => {
  it("makes a CA and a serving certificate for loopback and the kubernetes names", async () => {
    const dir = stateDir();
    const tls = await loadOrCreateTls(dir, "127.0.0.1", T0);
    const ca = new X509Certificate(tls.caCert);
    const cert = new X509Certificate(serving(dir));
    expect(tls.cert).toBe(serving(dir) + tls.caCert);
    expect(tls.caCert).toBe(readFileSync(join(dir, "ca.crt"), "utf8"));
    expect(ca.subject).toBe("CN=kubesim-ca");
    expect(cert.subject).toBe("CN=kube-apiserver");
    expect(cert.checkIssued(ca) && cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.checkHost("kubernetes.default.svc")).toBe("kubernetes.default.svc");
    expect(Date.parse(cert.validTo) - T0).toBe(365 * DAY);
  });

  it("reuses both while the serving certificate serves", async () => {
    const dir = stateDir();
    const first = await loadOrCreateTls(dir, "127.0.0.1", T0);
    const again = await loadOrCreateTls(dir, "127.0.0.1", T0 + 300 * DAY);
    expect(again).toEqual(first);
  });

  it("makes the serving certificate anew, with the same CA, near its end or for a new name", async () => {
    const dir = stateDir();
    const first = await loadOrCreateTls(dir, "127.0.0.1", T0);
    const late = await loadOrCreateTls(dir, "127.0.0.1", T0 + 340 * DAY);
    expect(late.caCert).toBe(first.caCert);
    expect(late.cert).not.toBe(first.cert);
    const named = await loadOrCreateTls(dir, "kubesim.example", T0 + 340 * DAY);
    expect(named.caCert).toBe(first.caCert);
    expect(new X509Certificate(serving(dir)).checkHost("kubesim.example")).toBe("kubesim.example");
  });

  it("makes a new serving certificate when the CA in the folder did not issue it", async () => {
    const dir = stateDir();
    const first = await loadOrCreateTls(dir, "127.0.0.1", T0);
    const other = stateDir();
    await loadOrCreateTls(other, "127.0.0.1", T0);
    for (const f of ["ca.crt", "ca.key"]) writeFileSync(join(dir, f), readFileSync(join(other, f)));
    const next = await loadOrCreateTls(dir, "127.0.0.1", T0);
    expect(next.caCert).not.toBe(first.caCert);
    const cert = new X509Certificate(serving(dir));
    expect(cert.verify(new X509Certificate(next.caCert).publicKey)).toBe(true);
  });

  it("makes a new CA once the old one has expired", async () => {
    const dir = stateDir();
    const first = await loadOrCreateTls(dir, "127.0.0.1", T0);
    const decade = await loadOrCreateTls(dir, "127.0.0.1", T0 + 3651 * DAY);
    expect(decade.caCert).not.toBe(first.caCert);
  });
});
