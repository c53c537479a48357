/**
 * `help` in `kubesim shell`: the shell's commands, one topic each.
 */

const topics: Readonly<Record<string, string>> = {
  advance: `advance DURATION
  Let virtual time pass: every controller, kubelet and probe due in it runs.
  Examples: advance 30s, advance 1m30s, advance 500ms`,
  until: `until TARGET [--timeout 10m] [-n NAMESPACE]
  Run virtual time until something holds (at most --timeout, default 10m):
    until rollout NAME                  kubectl rollout status says "successfully rolled out"
    until deployment NAME Available     a Deployment condition (Available, Progressing, ReplicaFailure)[=False]
    until pod NAME Ready                the pod's Ready condition (Ready=False to wait for not ready)
    until pod NAME Running              a pod phase (Pending, Running, Succeeded, Failed)
    until node NAME Ready=Unknown       a Node condition (Ready unless given; status True unless given)
    until deleted TYPE/NAME             the object is gone`,
  fault: `fault WHAT ...
  Break something, as the real fault would:
    fault pod delete NAME|-l SELECTOR [--grace-period N]   kubectl delete pod
    fault pod kill NAME|-l SELECTOR [-c CONTAINER] [--oom] the runtime kills a container (exit 137)
    fault node stop|start NAME                            power a node off or on
    fault node partition NAME [--for 2m]                  cut the node off from the API server
    fault node heal NAME                                  reconnect it
    fault controller restart [kube-controller-manager|kube-scheduler]   restart with empty caches
    fault apiserver drop-watches                          end every watch (informers relist)
    fault apiserver slow 2s [--jitter 1s] [--for 1m]      watch events arrive late
    fault apiserver restore                               no more delay`,
  traffic: `traffic start URL --rate N [--from pod/NAME] [--name NAME] [-n NAMESPACE]
traffic stop [NAME]
traffic summary [NAME]
  Send N requests per second of virtual time to URL (from outside the cluster,
  or from inside a pod), stop, and show what came back (status codes, which
  image answered, latency).
  Example: traffic start http://api.example.com/api --rate 50`,
  say: `say TEXT
  Print a line of narration (saved as a say step).`,
  trace: `trace [--tail 20 | --all] [--type write|event|fault]
  The cluster's trace: every write to the API server, every Event and every
  fault, stamped with virtual time.`,
  save: `save FILE.yaml
  Write the commands typed so far as a scenario that \`kubesim run FILE.yaml\`
  replays (see docs/scenarios.md). Paths given to -f are rewritten to start
  at the scenario's folder.`,
  load: `load FILE.yaml
  Run a scenario's steps in this shell's cluster (its cluster: settings are
  not used), checking its expectations.`,
  kubectl: `kubectl COMMAND ... (the word kubectl is optional)
  kubectl's commands on the simulated cluster: get, describe, apply, create,
  delete, scale, set image, rollout, logs, exec, ... Try: kubectl --help`,
  exit: `exit
  Leave the shell (Ctrl-D does too).`,
};

const summary = `kubesim shell: kubectl commands (the word kubectl is optional) and:
  advance DURATION          let virtual time pass
  until TARGET              run until a rollout finishes, a pod is Ready, ...
  fault WHAT ...            delete or kill pods, stop nodes, partition, slow the API server
  traffic start|stop|summary  send requests at a rate and count the answers
  say TEXT                  print narration
  trace                     the latest writes, Events and faults
  save FILE / load FILE     save this session as a scenario / run one
  help [COMMAND]            this help, or one command's
  exit                      leave (or Ctrl-D)
The prompt shows the virtual time since the cluster started.`;

/** The help text for a topic (undefined: the summary); undefined when the topic is unknown. */
export function helpText(topic?: string): string | undefined {
  if (topic === undefined) return summary;
  if (topic === "quit") return topics.exit;
  return topics[topic];
}

export const HELP_TOPICS = Object.keys(topics);
