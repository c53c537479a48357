/** Simulated load: constant-rate generators and their summaries. */
export type { TrafficGeneratorOptions, TrafficWindow } from "./traffic-generator.js";
export { TrafficGenerator } from "./traffic-generator.js";
export type {
  ImageCount,
  LatencySummary,
  OutcomeCount,
  TrafficResult,
  TrafficSummary,
} from "./summary.js";
export { isSuccessStatus, summarize } from "./summary.js";
export { outcomeLabel, renderTrafficSummary } from "./render.js";
