/**
 * The server's TLS material: a CA and a serving certificate signed by it,
 * as kubeadm's `certs` phase makes them (cmd/kubeadm/app/phases/certs:
 * ca.crt/ca.key, apiserver.crt/apiserver.key with the IP and DNS names the
 * apiserver answers on). Generated with @peculiar/x509 (ECDSA P-256) the
 * first time, kept in the state folder, and reused after restarts so that a
 * kubeconfig written earlier stays valid. The serving certificate is made
 * anew (with the same CA) when it lacks a name the server now listens on or
 * is about to expire.
 */
import { webcrypto } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
// @peculiar/x509's dependency injection (tsyringe) needs the Reflect metadata API first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { writePrivateFile } from "./state.js";

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const subtle = webcrypto.subtle;
const EC: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGN: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY = 86_400_000;
/** kubeadm: the CA lasts 10 years, the serving certificate 1 year. */
const CA_VALIDITY = 3650 * DAY;
const SERVING_VALIDITY = 365 * DAY;
/** A serving certificate this close to its end is made anew at start. */
const RENEW_BEFORE = 30 * DAY;

x509.cryptoProvider.set(webcrypto as never);

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
  const now = new Date(nowMillis);
  let ca =
    existsSync(files.caCert) && existsSync(files.caKey)
      ? readPair(files.caCert, files.caKey)
      : undefined;
  if (ca !== undefined && !(ca.cert.notAfter.getTime() > nowMillis)) ca = undefined;
  let caKeys: CryptoKeyPair;
  if (ca === undefined) {
    caKeys = (await subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
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
    writePrivateFile(files.caCert, cert.toString("pem") + "\n");
    writePrivateFile(files.caKey, await keyPem(caKeys.privateKey));
    ca = { cert, keyPem: await keyPem(caKeys.privateKey) };
  }
  const caCertPem = ca.cert.toString("pem") + "\n";

  const names = servingNames(host);
  const existing =
    existsSync(files.cert) && existsSync(files.key) ? readPair(files.cert, files.key) : undefined;
  if (existing !== undefined && servingUsable(existing.cert, ca.cert, names, now)) {
    return {
      caCert: caCertPem,
      cert: existing.cert.toString("pem") + "\n" + caCertPem,
      key: existing.keyPem,
    };
  }

  const caPrivate = await importKey(ca.keyPem);
  const keys = (await subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: "CN=kube-apiserver",
    issuer: ca.cert.subject,
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
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  const certPem = cert.toString("pem") + "\n";
  const servingKey = await keyPem(keys.privateKey);
  writePrivateFile(files.cert, certPem);
  writePrivateFile(files.key, servingKey);
  return { caCert: caCertPem, cert: certPem + caCertPem, key: servingKey };
}

interface Pair {
  readonly cert: x509.X509Certificate;
  readonly keyPem: string;
}

function readPair(certFile: string, keyFile: string): Pair | undefined {
  try {
    return {
      cert: new x509.X509Certificate(readFileSync(certFile, "utf8")),
      keyPem: readFileSync(keyFile, "utf8"),
    };
  } catch {
    return undefined;
  }
}

function servingUsable(
  cert: x509.X509Certificate,
  ca: x509.X509Certificate,
  names: { ips: string[]; dns: string[] },
  now: Date,
): boolean {
  if (cert.issuer !== ca.subject) return false;
  if (cert.notAfter.getTime() - RENEW_BEFORE <= now.getTime()) return false;
  if (cert.notBefore.getTime() > now.getTime()) return false;
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (san === null) return false;
  const json = san.names.toJSON();
  const have = new Set(json.map((n) => `${n.type}:${n.value}`));
  return (
    names.dns.every((d) => have.has(`dns:${d}`)) && names.ips.every((ip) => have.has(`ip:${ip}`))
  );
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY") + "\n";
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return subtle.importKey("pkcs8", der, EC, false, ["sign"]);
}
