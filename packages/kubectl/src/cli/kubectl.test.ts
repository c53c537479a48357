import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { allCommands } from "../commands/index.js";
import { Kubectl, suggestionsFor } from "./kubectl.js";

const dispatcher = new Kubectl(allCommands);
const cluster = Cluster.create({ seed: 1, nodes: 1, dns: false, ingress: false });
const run = (...argv: string[]) => dispatcher.run(argv, { cluster });

describe("finding the command (cobra's Find)", () => {
  it("skips flags and their values before and among the command words", () => {
    const found = dispatcher.find(["-n", "kube-system", "get", "pods"]);
    expect(found !== undefined && "command" in found && found.command.path).toEqual(["get"]);
    expect(found?.rest).toEqual(["-n", "kube-system", "pods"]);
    // the value of -n may itself be a command word
    const again = dispatcher.find(["-n", "get", "get", "pods"]);
    expect(again !== undefined && "command" in again && again.command.path).toEqual(["get"]);
    expect(again?.rest).toEqual(["-n", "get", "pods"]);
    const sub = dispatcher.find(["rollout", "-n", "x", "status", "deploy/web"]);
    expect(sub !== undefined && "command" in sub && sub.command.path).toEqual([
      "rollout",
      "status",
    ]);
    const exec = dispatcher.find(["exec", "-it", "web", "--", "get", "pods"]);
    expect(exec !== undefined && "command" in exec && exec.command.path).toEqual(["exec"]);
  });

  it("finds subcommands by their aliases", () => {
    const found = dispatcher.find(["create", "cm", "x"]);
    expect(found !== undefined && "command" in found && found.command.path).toEqual([
      "create",
      "configmap",
    ]);
  });
});

describe("unknown commands (legacyArgs, findSuggestions)", () => {
  it("suggests commands within two edits or starting with what was typed, in kubectl's order", () => {
    expect(suggestionsFor("foo")).toEqual(["top"]);
    expect(suggestionsFor("gett")).toEqual(["set", "get"]);
    expect(suggestionsFor("GET")).toEqual(["set", "get"]);
    expect(suggestionsFor("roll")).toEqual(["rollout"]);
    expect(suggestionsFor("frobnicate")).toEqual([]);
  });

  it("prints cobra's error through CheckErr: no usage line, exit 1", () => {
    expect(run("describ", "pods")).toEqual({
      stdout: "",
      stderr: 'error: unknown command "describ" for "kubectl"\n\nDid you mean this?\n\tdescribe\n',
      exitCode: 1,
    });
    expect(run("kubectl", "zzz")).toEqual({
      stdout: "",
      stderr: 'error: unknown command "zzz" for "kubectl"\n',
      exitCode: 1,
    });
  });

  it("says which kubectl commands kubesim does not have", () => {
    expect(run("port-forward", "pod/web", "8080:80").stderr).toBe(
      'error: kubesim does not implement "kubectl port-forward"\n',
    );
  });

  it("a group word alone prints its commands on stderr (DefaultSubCommandRun); another word is refused", () => {
    const r = run("set");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      "Available Commands:\n" +
        "  env           Update environment variables on a pod template\n" +
        "  image         Update the image of a pod template\n" +
        "\n" +
        "Usage:\n" +
        "  kubectl set SUBCOMMAND [options]\n" +
        "\n" +
        'Use "kubectl set <command> --help" for more information about a given command.\n' +
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\n',
    );
    expect(run("set", "foo", "deploy/x")).toEqual({
      stdout: "",
      stderr:
        "error: unknown command \"foo deploy/x\"\nSee 'kubectl set -h' for help and examples\n",
      exitCode: 1,
    });
  });

  it("kubectl alone lists the commands, exit 0", () => {
    const r = run();
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("\n  get             Display one or many resources\n");
  });
});
