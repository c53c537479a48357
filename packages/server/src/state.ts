/**
 * The state folder of `kubesim serve` (default ~/.kubesim): the CA, the
 * serving certificate and the bearer token, kept across restarts so that a
 * kubeconfig written once keeps working. Files holding secrets are written
 * with mode 0600, as kubeadm writes /etc/kubernetes/pki. The token is the
 * static token of kube-apiserver's `--token-auth-file`
 * (plugin/pkg/authenticator/token/tokenfile), one per state folder.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** ~/.kubesim */
export function defaultStateDir(): string {
  return join(homedir(), ".kubesim");
}

/** Writes a file only its owner can read, making its folder if needed. */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

const TOKEN = /^[A-Za-z0-9._~-]{16,}$/;

/** The bearer token of the state folder, made (32 random bytes, hex) the first time. */
export function loadOrCreateToken(dir: string): string {
  const file = join(dir, "token");
  if (existsSync(file)) {
    const text = readFileSync(file, "utf8").trim();
    if (TOKEN.test(text)) return text;
  }
  const token = randomBytes(32).toString("hex");
  writePrivateFile(file, `${token}\n`);
  return token;
}
