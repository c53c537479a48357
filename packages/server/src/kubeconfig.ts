/**
 * The kubeconfig that points kubectl at `kubesim serve`: one cluster with
 * the CA's data (or plain http), one user with the bearer token, and the
 * context `kubesim` (client-go's clientcmd/api/v1 Config, as `kubeadm
 * kubeconfig` writes it).
 */
import { stringify } from "yaml";

export interface KubeconfigOptions {
  /** https://127.0.0.1:6443 */
  readonly server: string;
  /** PEM of the CA; omitted for plain http. */
  readonly caCert?: string;
  /** The bearer token; omitted for plain http (kubectl sends none over http). */
  readonly token?: string;
  readonly name?: string;
}

export function kubeconfigText(o: KubeconfigOptions): string {
  const name = o.name ?? "kubesim";
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: {
          server: o.server,
          ...(o.caCert === undefined
            ? {}
            : { "certificate-authority-data": Buffer.from(o.caCert).toString("base64") }),
        },
      },
    ],
    users: [{ name, user: o.token === undefined ? {} : { token: o.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: "default" } }],
    "current-context": name,
    preferences: {},
  };
  return stringify(config, { lineWidth: 0 });
}
