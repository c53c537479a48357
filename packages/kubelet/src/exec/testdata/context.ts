/** A fake container to exec into: what a kubelet would hand to runCommand. Test support only. */
import type { ExecContext } from "../types.js";

export const resolvConf =
  "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

export const hosts =
  "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
  "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" +
  "10.244.1.7\tweb-1\n";

export function context(overrides: Partial<ExecContext> = {}): ExecContext {
  return {
    env: [
      { name: "PATH", value: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
      { name: "HOSTNAME", value: "web-1" },
      { name: "GREETING", value: "hello  world" },
      { name: "KUBERNETES_SERVICE_HOST", value: "10.96.0.1" },
      { name: "HOME", value: "/root" },
    ],
    hostname: "web-1",
    resolvConf,
    hosts,
    files: {
      "/app/config.yaml": "mode: prod\n",
      "/app/.secret": "x\n",
      "/app/scripts/start.sh": "echo starting $1\nfoo\n",
      "/root/.profile": "",
    },
    execId: "e".repeat(64),
    ...overrides,
  };
}
