/**
 * The tutorial's flow, shared by test/tutorial-commands.test.ts (which
 * checks every command's output) and test/determinism-replay.test.ts (which
 * plays it twice and compares trace hashes): the commands a reader of the
 * tutorial runs, in order, the waits between them, and two fronts to run them
 * on (the library's `kubectl(line, host)` and `kubesim shell`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { expect } from "vitest";
import { Shell } from "@kubesim/cli";
import { kubectl, type CommandResult, type FileAccess } from "@kubesim/kubectl";
import { Cluster } from "kubesim";

export const manifests = fileURLToPath(new URL("../../docs/tutorial/manifests/", import.meta.url));

/** The tutorial's commands, as commands.md lists them. */
export const tutorialCommands = [
  "kubectl apply -f deployment.yaml",
  "kubectl get pods",
  "kubectl scale deployment my-api --replicas=5",
  "kubectl set image deployment/my-api api=myapp:v1.3",
  "kubectl get pods,deployments,services",
  "kubectl logs my-api-5d4b8b-abc12",
  "kubectl logs -l app=my-api --tail=100",
  "kubectl exec -it my-api-5d4b8b-abc12 -- /bin/bash",
  "kubectl describe pod my-api-5d4b8b-abc12",
  "kubectl rollout undo deployment/my-api",
  "kubectl rollout status deployment/my-api",
  "kubectl delete deployment my-api",
] as const;

export const PLACEHOLDER = "my-api-5d4b8b-abc12";

/** How long the reader waits before each command (virtual time), as one would at a terminal. */
export const waitBefore: Partial<Record<(typeof tutorialCommands)[number], string>> = {
  "kubectl get pods": "30s",
  "kubectl set image deployment/my-api api=myapp:v1.3": "30s",
  "kubectl get pods,deployments,services": "1m",
};

/** What the reader types into the interactive shell. */
export const execInput = "ls\nexit\n";

/** Files under a folder, for `-f`. */
export function folderFiles(root: string): FileAccess {
  const at = (p: string) => (p.startsWith("/") ? p : join(root, p));
  return {
    readFile: (p) => readFileSync(at(p), "utf8"),
    isDirectory: (p) => statSync(at(p)).isDirectory(),
    readDir: (p) => readdirSync(at(p)).sort(),
  };
}

export interface Step {
  readonly line: string;
  readonly output: string;
  readonly exitCode: number;
}

/** The first pod of the last listing that had pods, as a reader would copy it. */
export function pickPod(steps: readonly Step[]): string {
  for (const s of [...steps].reverse()) {
    const m = /^(?:pod\/)?(my-api-[a-z0-9]+-[a-z0-9]+)\s/m.exec(s.output);
    if (m !== null) return m[1]!;
  }
  throw new Error("no pod listed yet");
}

/** Plays the tutorial through a front that runs one line (and the reader's waits). */
export function play(front: {
  run(line: string, stdin?: string): { output: string; exitCode: number };
  wait(d: string): void;
}): Step[] {
  const steps: Step[] = [];
  for (const command of tutorialCommands) {
    const wait = waitBefore[command];
    if (wait !== undefined) front.wait(wait);
    const line = command.replace(PLACEHOLDER, () => pickPod(steps));
    const r = front.run(line, command.includes("exec -it") ? execInput : undefined);
    steps.push({ line, ...r });
  }
  return steps;
}

export function libraryFront(seed: number) {
  const cluster = Cluster.create({ seed });
  const files = folderFiles(manifests);
  return {
    cluster,
    run(line: string, stdin?: string) {
      const r: CommandResult = kubectl(line, {
        cluster,
        files,
        namespace: "default",
        ...(stdin === undefined ? {} : { stdin }),
      });
      return { output: r.stdout + r.stderr, exitCode: r.exitCode };
    },
    wait(d: string) {
      cluster.advance(d);
    },
  };
}

export function shellFront(seed: number) {
  const sh = new Shell({ cluster: { seed }, cwd: manifests });
  return {
    sh,
    run(line: string, stdin?: string) {
      if (stdin === undefined) {
        const r = sh.exec(line);
        return { output: r.output, exitCode: r.exitCode };
      }
      // The shell has no terminal to type into: the reader's input goes to the
      // same session the shell runs its kubectl commands in.
      let output = "";
      const r = sh.session.kubectl(line.replace(/^kubectl /, ""), manifests, stdin);
      output = r.stdout + r.stderr;
      return { output, exitCode: r.exitCode };
    },
    wait(d: string) {
      const r = sh.exec(`advance ${d}`);
      expect(r.exitCode).toBe(0);
    },
  };
}
