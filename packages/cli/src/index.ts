/** @kubesim/cli: the `kubesim` binary's commands, importable for tests. */
export type { DemoOptions, DemoResult } from "./demo.js";
export { runDemo } from "./demo.js";

// the command line
export type { Io } from "./cli/app.js";
export { kubesim } from "./cli/app.js";
export type { Style } from "./cli/color.js";
export { colorWanted, plain, stripColor, style } from "./cli/color.js";
export { nodeFiles } from "./cli/files.js";
export type { CliHostOptions } from "./cli/host.js";
export { cliHost } from "./cli/host.js";

// scenario files (docs/scenarios.md)
export type {
  ApplySource,
  ClusterSpec,
  Comparison,
  Expectation,
  Fault,
  PodRef,
  Scenario,
  Step,
  Traffic,
  Until,
} from "./scenario/schema.js";
export type { LoadedScenario, ParseOptions, Problem } from "./scenario/load.js";
export {
  ScenarioError,
  invalidScenarioReport,
  isScenarioError,
  loadScenario,
  parseScenario,
} from "./scenario/load.js";
export type { RunOptions, RunResult, StepFailure } from "./scenario/runner.js";
export { failureReport, runScenario, runSteps } from "./scenario/runner.js";

// the engine under shell and run
export type { SessionOptions, StepOutcome, Write } from "./session/session.js";
export { Session } from "./session/session.js";
export { stepLine } from "./session/step-line.js";

// kubesim shell
export type { ShellOptions, ShellResult } from "./shell/shell.js";
export { Shell } from "./shell/shell.js";
export type { ShellCommand } from "./shell/parse.js";
export { parseShellLine } from "./shell/parse.js";
export { runRepl } from "./shell/repl.js";

// kubesim ctl (docs/sandbox.md)
export type { CtlOptions, Endpoint, KubeconfigOptions, SimClient } from "./ctl/index.js";
export {
  ConnectionError,
  KubeconfigError,
  ctlCommand,
  ctlHelp,
  resolveEndpoint,
  simClient,
} from "./ctl/index.js";
