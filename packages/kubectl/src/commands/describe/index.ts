/**
 * The describe group of kubectl commands: describe, events, top, explain
 * and api-resources (the commands that read and explain, never write).
 */
import type { KubectlCommand } from "../../cli/command.js";
import { apiResourcesCommand } from "./api-resources.js";
import { describeCommand } from "./describe.js";
import { eventsCommand } from "./events.js";
import { explainCommand } from "./explain.js";
import { topCommand, topNodeCommand, topPodCommand } from "./top.js";

export const describeCommands: readonly KubectlCommand[] = [
  describeCommand,
  eventsCommand,
  topCommand,
  topPodCommand,
  topNodeCommand,
  explainCommand,
  apiResourcesCommand,
];
