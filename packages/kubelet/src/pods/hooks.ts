/**
 * How long a lifecycle hook takes in the fake runtime: an exec hook that
 * sleeps (`sleep 5`, `sh -c "sleep 5"`, `/bin/sleep 5`) takes that long, the
 * sleep action takes its seconds, anything else (httpGet, other commands)
 * returns at once.
 */
import type { LifecycleHandler } from "kubernetes-types/core/v1";
import type { Millis } from "@kubesim/sim";

export function hookDuration(handler: LifecycleHandler | undefined): Millis {
  if (handler === undefined) return 0;
  const sleep = (handler as { sleep?: { seconds?: number } }).sleep;
  if (sleep?.seconds !== undefined) return sleep.seconds * 1000;
  const cmd = handler.exec?.command ?? [];
  const line =
    cmd.length >= 3 && /(^|\/)(ba)?sh$/.test(cmd[0] ?? "") && cmd[1] === "-c"
      ? (cmd[2] ?? "")
      : cmd.join(" ");
  const m = /(?:^|[;&|]\s*)(?:\/bin\/|\/usr\/bin\/)?sleep\s+(\d+(?:\.\d+)?)/.exec(line);
  return m === null ? 0 : Math.round(Number(m[1]) * 1000);
}
