/**
 * The server's TLS material: a CA and a serving certificate signed by it,
 * as kubeadm's `certs` phase makes them (cmd/kubeadm/app/phases/certs:
 * ca.crt/ca.key, apiserver.crt/apiserver.key with the IP and DNS names the
 * apiserver answers on). Generated with @peculiar/x509 (ECDSA P-256) the
 * first time, kept in the state folder, and reused after restarts so that a
 * kubeconfig written earlier stays valid. The serving certificate is made
 * anew (with the same CA) when it lacks a name the server now listens on,
 * was not issued by the CA, or is about to expire.
 *
 * Checking what the state folder holds needs only node:crypto's
 * X509Certificate; @peculiar/x509 (a large module) is loaded when something
 * must be made, so that a restart does not pay for it.
 */
import { X509Certificate, webcrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import type * as PeculiarX509 from "@peculiar/x509";
import { writePrivateFile } from "./state.js";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type X509 = typeof PeculiarX509;

const subtle = webcrypto.subtle;
const EC: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGN: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY = 86_400_000;
/** kubeadm: the CA lasts 10 years, the serving certificate 1 year. */
const CA_VALIDITY = 3650 * DAY;
const SERVING_VALIDITY = 365 * DAY;
/** A serving certificate this close to its end is made anew at start. */
const RENEW_BEFORE = 30 * DAY;

let x509Module: Promise<X509> | undefined;

/** @peculiar/x509, loaded once, on Node's WebCrypto. */
function peculiar(): Promise<X509> {
  x509Module ??= (async () => {
    // Its dependency injection (tsyringe) needs the Reflect metadata API first.
    await import("reflect-metadata");
    // A CommonJS module: bundled by esbuild (the `kubesim` command), its
    // exports are the namespace's default only.
    const loaded: X509 & { default?: X509 } = await import("@peculiar/x509");
    const x509 = loaded.default ?? loaded;
    x509.cryptoProvider.set(webcrypto as never);
    return x509;
  })();
  return x509Module;
}

export interface TlsMaterial {
  /** PEM of the CA certificate (the kubeconfig's certificate-authority-data). */
  readonly caCert: string;
  /** PEM of the serving certificate, then the CA's (the chain node:https serves). */
  readonly cert: string;
  /** PEM (PKCS#8) of the serving key. */
  readonly key: string;
}

/** The names a serving certificate must carry: loopback always, plus the host listened on. */
export function servingNames(host: string): { ips: string[]; dns: string[] } {
  const ips = ["127.0.0.1", "::1"];
  const dns = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"];
  if (host !== "" && host !== "0.0.0.0" && host !== "::") {
    if (isIP(host) !== 0) {
      if (!ips.includes(host)) ips.push(host);
    } else if (!dns.includes(host)) dns.push(host);
  }
  return { ips, dns };
}

/**
 * Loads the CA and serving certificate from `dir`, making what is missing,
 * expired or lacking a name; `nowMillis` is wall time (from the pacer's clock).
 */
export async function loadOrCreateTls(
  dir: string,
  host: string,
  nowMillis: number,
): Promise<TlsMaterial> {
  const files = {
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    cert: join(dir, "apiserver.crt"),
    key: join(dir, "apiserver.key"),
  };
  let ca =
    existsSync(files.caCert) && existsSync(files.caKey)
      ? readPair(files.caCert, files.caKey)
      : undefined;
  if (ca !== undefined && !(Date.parse(ca.cert.validTo) > nowMillis)) ca = undefined;
  if (ca === undefined) {
    const x509 = await peculiar();
    const caKeys = (await subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: "CN=kubesim-ca",
      notBefore: new Date(nowMillis - 60_000),
      notAfter: new Date(nowMillis + CA_VALIDITY),
      keys: caKeys,
      signingAlgorithm: SIGN,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign |
            x509.KeyUsageFlags.cRLSign |
            x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    const pem = cert.toString("pem") + "\n";
    const keyText = await keyPem(x509, caKeys.privateKey);
    writePrivateFile(files.caCert, pem);
    writePrivateFile(files.caKey, keyText);
    ca = { cert: new X509Certificate(pem), pem, keyPem: keyText };
  }
  const caCertPem = ca.pem;

  const names = servingNames(host);
  const existing =
    existsSync(files.cert) && existsSync(files.key) ? readPair(files.cert, files.key) : undefined;
  if (existing !== undefined && servingUsable(existing.cert, ca.cert, names, nowMillis)) {
    return { caCert: caCertPem, cert: existing.pem + caCertPem, key: existing.keyPem };
  }

  const x509 = await peculiar();
  const caCert = new x509.X509Certificate(ca.pem);
  const caPrivate = await importKey(x509, ca.keyPem);
  const keys = (await subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: "CN=kube-apiserver",
    issuer: caCert.subject,
    notBefore: new Date(nowMillis - 60_000),
    notAfter: new Date(nowMillis + SERVING_VALIDITY),
    publicKey: keys.publicKey,
    signingKey: caPrivate,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: "dns" as const, value })),
        ...names.ips.map((value) => ({ type: "ip" as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const certPem = cert.toString("pem") + "\n";
  const servingKey = await keyPem(x509, keys.privateKey);
  writePrivateFile(files.cert, certPem);
  writePrivateFile(files.key, servingKey);
  return { caCert: caCertPem, cert: certPem + caCertPem, key: servingKey };
}

interface Pair {
  readonly cert: X509Certificate;
  /** The certificate's PEM as the file holds it. */
  readonly pem: string;
  readonly keyPem: string;
}

function readPair(certFile: string, keyFile: string): Pair | undefined {
  try {
    const pem = readFileSync(certFile, "utf8");
    return { cert: new X509Certificate(pem), pem, keyPem: readFileSync(keyFile, "utf8") };
  } catch {
    return undefined;
  }
}

/** Issued by this CA, valid now and for RENEW_BEFORE more, with every name. */
function servingUsable(
  cert: X509Certificate,
  ca: X509Certificate,
  names: { ips: string[]; dns: string[] },
  nowMillis: number,
): boolean {
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  if (Date.parse(cert.validTo) - RENEW_BEFORE <= nowMillis) return false;
  if (Date.parse(cert.validFrom) > nowMillis) return false;
  return (
    names.dns.every((d) => cert.checkHost(d, { subject: "never", wildcards: false }) === d) &&
    names.ips.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

async function keyPem(x509: X509, key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY") + "\n";
}

async function importKey(x509: X509, pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return subtle.importKey("pkcs8", der, EC, false, ["sign"]);
}
