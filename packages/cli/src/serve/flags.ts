/**
 * `kubesim serve`'s flags and usage line, apart from the command so that
 * `kubesim --help` lists them without loading the server.
 */
import type { FlagSpec } from "@kubesim/kubectl";
import { DEFAULT_KUBE_VERSION } from "@kubesim/server/version";

export const serveFlags: readonly FlagSpec[] = [
  { name: "host", type: "string", default: "127.0.0.1", usage: "the address to listen on" },
  { name: "port", type: "int", default: 6443, usage: "the port to listen on (0 picks a free one)" },
  { name: "seed", type: "string", default: "1", usage: "the seed of every random stream" },
  { name: "nodes", type: "int", default: 3, usage: "how many nodes the cluster starts with" },
  {
    name: "images",
    type: "string",
    default: "",
    usage: "an image catalogue file (docs/image-catalogue.md)",
  },
  {
    name: "speed",
    type: "string",
    default: "1",
    usage: "virtual time runs at this many times wall time (0 starts paused)",
  },
  {
    name: "kubeconfig",
    type: "string",
    default: "",
    usage: "write a kubeconfig for this server here (default STATE-DIR/kubeconfig)",
  },
  {
    name: "filename",
    short: "f",
    type: "stringArray",
    usage: "a manifest file or folder to apply at start (repeatable)",
  },
  {
    name: "insecure-http",
    type: "bool",
    default: false,
    usage: "serve plain http without authentication (loopback addresses only)",
  },
  {
    name: "kube-version",
    type: "string",
    default: DEFAULT_KUBE_VERSION.slice(1),
    usage: "the Kubernetes version /version reports (1.27 to 1.33)",
  },
  {
    name: "state-dir",
    type: "string",
    default: "",
    usage: "where the CA, certificate and token are kept (default ~/.kubesim)",
  },
];

export const serveUsage = `kubesim serve [--port N] [--speed N] [--kubeconfig FILE] [-f FILE|DIR]...`;
