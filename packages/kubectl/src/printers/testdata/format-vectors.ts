/**
 * Loads the tabwriter and YAML vectors (tabwriter-vectors.json,
 * yaml-vectors.json). Test support only.
 */
import { readFileSync } from "node:fs";

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), "utf8")) as T;

export interface TabCase {
  readonly name: string;
  readonly minwidth: number;
  readonly padding: number;
  readonly padchar: string;
  readonly src: string;
  readonly expected: string;
}

export interface TabStep {
  readonly write: readonly string[];
  readonly output: string;
  readonly transferWidths?: boolean;
  readonly resetWidths?: boolean;
  readonly widths?: readonly number[];
}

export const loadTabVectors = () =>
  load<{ cases: TabCase[]; multiWrite: { steps: TabStep[] } }>("tabwriter-vectors.json");

export interface YAMLCase {
  readonly source: string;
  readonly name: string;
  readonly json: string;
  readonly yaml: string;
}

export const loadYAMLVectors = (): YAMLCase[] =>
  load<{ cases: YAMLCase[] }>("yaml-vectors.json").cases;
