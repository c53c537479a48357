import { describe, expect, it } from "vitest";
import { DEFAULT_PATH, containerEnvironment } from "./container-env.js";

const names = (env: { name: string; value: string }[]) => env.map((e) => `${e.name}=${e.value}`);

describe("containerEnvironment", () => {
  it("orders PATH, HOSTNAME, image env, kubelet env, HOME", () => {
    expect(
      names(
        containerEnvironment({
          hostname: "web-1",
          imageEnv: [
            { name: "PATH", value: "/opt/bin:/usr/bin" },
            { name: "NGINX_VERSION", value: "1.27.0" },
          ],
          env: [
            { name: "MODE", value: "prod" },
            { name: "KUBERNETES_SERVICE_HOST", value: "10.96.0.1" },
          ],
        }),
      ),
    ).toEqual([
      "PATH=/opt/bin:/usr/bin",
      "HOSTNAME=web-1",
      "NGINX_VERSION=1.27.0",
      "MODE=prod",
      "KUBERNETES_SERVICE_HOST=10.96.0.1",
      "HOME=/root",
    ]);
  });
  it("lets the kubelet's variables replace in place, adds TERM for a terminal, keeps a given HOME", () => {
    expect(
      names(
        containerEnvironment({
          hostname: "h",
          imageEnv: [{ name: "MODE", value: "dev" }],
          env: [
            { name: "HOSTNAME", value: "custom" },
            { name: "MODE", value: "prod" },
            { name: "HOME", value: "/home/app" },
          ],
          tty: true,
        }),
      ),
    ).toEqual([
      `PATH=${DEFAULT_PATH}`,
      "HOSTNAME=custom",
      "MODE=prod",
      "HOME=/home/app",
      "TERM=xterm",
    ]);
  });
});
