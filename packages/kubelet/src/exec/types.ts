/**
 * The shapes of `kubectl exec` into a fake container: what the caller knows of the container
 * (its environment, hostname, the files the kubelet mounts, the image's userland) and what a
 * command gives back. Mirrors what the CRI exec (pkg/kubelet/cri/streaming, containerd's
 * execInternal) hands to the apiserver: stdout, stderr and an exit code, or an error when the
 * runtime could not start the process at all.
 */

export interface ExecEnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * The image's userland decides the messages: "busybox" (alpine, busybox: `sh` is BusyBox ash,
 * `ls`/`cat` are BusyBox applets) or "debian" (`sh` is dash, GNU coreutils). `bash`, when the
 * image has it, is GNU bash either way.
 */
export type Userland = "busybox" | "debian";

export type ShellName = "sh" | "bash";

export interface ExecContext {
  /** The process environment, in order (containerEnvironment builds it from the kubelet's). */
  readonly env: readonly ExecEnvVar[];
  /** The container's hostname (the pod's name, or spec.hostname). */
  readonly hostname: string;
  /** /etc/resolv.conf as the kubelet wrote it. */
  readonly resolvConf: string;
  /** /etc/hosts as the kubelet wrote it. */
  readonly hosts: string;
  /** Further files: absolute path → content. Directories are implied by the paths. */
  readonly files?: Readonly<Record<string, string>>;
  /** The working directory (the image's WORKDIR); "/" when omitted. */
  readonly cwd?: string;
  /** The image's userland; "busybox" when omitted. */
  readonly userland?: Userland;
  /** The shells the image has; ["sh", "bash"] when omitted. */
  readonly shells?: readonly ShellName[];
  /**
   * Who reports a command that cannot be started: "containerd" (the default; kubesim's nodes
   * report containerd://1.7.18) fails the exec with an InternalError (`startError`), "docker"
   * (cri-dockerd) prints the runtime's message and exits 126.
   */
  readonly runtime?: "containerd" | "docker";
  /** A terminal (`kubectl exec -t`): stderr shares stdout's stream and `ls` prints rows. */
  readonly tty?: boolean;
  /**
   * Programs beyond the image's coreutils, by name (as they appear under
   * /bin): the kubelet adds the ones that need the cluster (nslookup, getent).
   * Each gets its argv without the program name.
   */
  readonly programs?: ReadonlyMap<
    string,
    (args: readonly string[]) => {
      readonly stdout: string;
      readonly stderr: string;
      readonly exitCode: number;
    }
  >;
  /** containerd's exec ID (64 hex digits) for its error text; derived from the command when omitted. */
  readonly execId?: string;
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The process's exit code (126 when the runtime could not start it). */
  readonly exitCode: number;
  /**
   * Set when the runtime could not start the process (containerd): the exec ends with an
   * InternalError Status carrying this message, and kubectl prints `error: <startError>` and
   * exits 1 instead of reporting an exit code.
   */
  readonly startError?: string;
}
