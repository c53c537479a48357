/**
 * The environment a container's processes see, built from the kubelet's variables the way
 * containerd 1.7 and runc do: the default PATH, then HOSTNAME, then the image's variables (an
 * image PATH replaces the default in place), then the kubelet's (each replacing a variable of the
 * same name in place, or appended), TERM=xterm for a terminal, and finally HOME (runc sets it
 * from the user's entry, /root, when nothing else did). So `kubectl exec <pod> -- env` prints
 * PATH, HOSTNAME, ..., HOME, as it does on a real node.
 */
import type { ExecEnvVar } from "./types.js";

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface ContainerEnvironmentOptions {
  /** The container's hostname (the pod's name, or spec.hostname). */
  readonly hostname: string;
  /** The kubelet's variables (makeEnvironmentVariables), in order. */
  readonly env: readonly ExecEnvVar[];
  /** The image's ENV, in order. */
  readonly imageEnv?: readonly ExecEnvVar[];
  /** A terminal was asked for (`kubectl exec -t`, or `tty: true` on the container). */
  readonly tty?: boolean;
  /** The user's home directory; /root when omitted. */
  readonly home?: string;
}

/** oci.WithEnv: replace a variable of the same name in place, or append it. */
function replaceOrAppend(env: ExecEnvVar[], add: readonly ExecEnvVar[]): void {
  for (const v of add) {
    const at = env.findIndex((e) => e.name === v.name);
    if (at >= 0) env[at] = v;
    else env.push(v);
  }
}

export function containerEnvironment(options: ContainerEnvironmentOptions): ExecEnvVar[] {
  const env: ExecEnvVar[] = [{ name: "PATH", value: DEFAULT_PATH }];
  replaceOrAppend(env, [{ name: "HOSTNAME", value: options.hostname }]);
  replaceOrAppend(env, options.imageEnv ?? []);
  replaceOrAppend(env, options.env);
  if (options.tty === true) replaceOrAppend(env, [{ name: "TERM", value: "xterm" }]);
  if (!env.some((e) => e.name === "HOME"))
    env.push({ name: "HOME", value: options.home ?? "/root" });
  return env;
}
