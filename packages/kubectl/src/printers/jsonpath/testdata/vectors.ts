/**
 * Loads jsonpath-vectors.json: client-go's util/jsonpath test tables with
 * their inputs as JSON. Test support only.
 */
import { readFileSync } from "node:fs";

export interface ExecuteVector {
  readonly source: string;
  readonly name: string;
  readonly template: string;
  readonly input: string;
  readonly expect: string;
  readonly allowMissingKeys: boolean;
  readonly expectError: boolean;
  readonly sortOutput?: boolean;
}

export interface ExecuteErrorVector {
  readonly source: string;
  readonly name: string;
  readonly template: string;
  readonly input: string;
  readonly error: string;
}

export interface ParseVector {
  readonly source: string;
  readonly name: string;
  readonly text: string;
  readonly nodes: readonly string[];
  readonly shouldError: boolean;
}

export interface ParseErrorVector {
  readonly source: string;
  readonly name: string;
  readonly text: string;
  readonly error: string;
}

export interface JSONPathVectors {
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly execute: readonly ExecuteVector[];
  readonly executeErrors: readonly ExecuteErrorVector[];
  readonly parse: readonly ParseVector[];
  readonly parseErrors: readonly ParseErrorVector[];
}

export const loadJSONPathVectors = (): JSONPathVectors =>
  JSON.parse(
    readFileSync(new URL("./jsonpath-vectors.json", import.meta.url), "utf8"),
  ) as JSONPathVectors;
