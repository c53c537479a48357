/**
 * Reading a scenario file: YAML (with each node's line and column kept),
 * then the schema (schema.ts), then the things a schema cannot see: image
 * catalogue fields, and files named by `apply: { file }` (relative to the
 * scenario's folder). Everything wrong is reported at once, each problem
 * with its file:line:column and field, before any step runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ImageCatalogue, ImageCatalogueError } from "kubesim";
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { scenario as scenarioSchema, type Scenario } from "./schema.js";

/** One thing wrong with a scenario file. */
export interface Problem {
  /** The field, as a path: `steps[2].until.timeout` ("" for the whole file). */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column, when known. */
  readonly line?: number;
  readonly column?: number;
}

/** A scenario that cannot run: unreadable, not YAML, or not the format. */
export class ScenarioError extends Error {
  constructor(
    /** The file as the user named it. */
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(problems.map((p) => formatProblem(source, p)).join("\n"));
    this.name = "ScenarioError";
  }
}

export function isScenarioError(e: unknown): e is ScenarioError {
  return e instanceof ScenarioError;
}

export function formatProblem(source: string, p: Problem): string {
  const where =
    p.line === undefined
      ? source
      : `${source}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
  return `${where}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`;
}

/** What `kubesim run` prints for a file it refuses (without colour). */
export function invalidScenarioReport(e: ScenarioError, error = "error:"): string {
  return (
    `${error} ${e.source} is not a valid scenario:\n` +
    e.problems.map((p) => `  ${formatProblem(e.source, p)}\n`).join("")
  );
}

/** A scenario ready to run. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  /** The file as the user named it (for messages). */
  readonly source: string;
  /** Where relative paths in it start: the scenario's folder. */
  readonly baseDir: string;
  /** The 1-based line of each step, when known. */
  readonly stepLines: readonly (number | undefined)[];
  /** The 1-based line of any node of the file, by path (["steps", 3, "expect", 1]). */
  readonly lineOf?: (path: readonly (string | number)[]) => number | undefined;
}

export interface ParseOptions {
  /** The name used in messages (default "scenario.yaml"). */
  readonly source?: string;
  /** Where `file:` paths start (default the working directory). */
  readonly baseDir?: string;
}

/** `steps[2].until.timeout` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`;
    else if (typeof k === "string" && /^[A-Za-z_][\w-]*$/.test(k)) out += out === "" ? k : `.${k}`;
    else out += `[${JSON.stringify(String(k))}]`;
  }
  return out;
}

type Position = { line: number; column: number };

/** The line and column of the deepest node on `path` that exists (a map key when `key` is given). */
function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): Position | undefined {
  const keys = path.map((k) => (typeof k === "symbol" ? String(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (!isNode(node)) continue;
    let offset = node.range?.[0];
    if (key !== undefined && n === keys.length && isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair !== undefined && isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
    }
    if (offset === undefined) continue;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
  return undefined;
}

function zodProblem(doc: Document, lines: LineCounter, issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({
      path: formatPath(issue.path),
      message: `unknown field ${JSON.stringify(k)}`,
      ...locate(doc, lines, issue.path, k),
    }));
  }
  const message = issue.message
    .replace(/^Invalid input: /, "")
    .replace(/^Invalid option: /, "")
    .replace(/^expected (.*), received undefined$/, "missing (expected $1)");
  return [{ path: formatPath(issue.path), message, ...locate(doc, lines, issue.path) }];
}

/** The image key an image catalogue error names: `images["myapp:v2"].ready` -> ["myapp:v2"]. */
function imageKey(field: string): string[] {
  const m = /^images\[("(?:[^"\\]|\\.)*")\]/.exec(field);
  if (m === null) return [];
  try {
    return [JSON.parse(m[1]!) as string];
  } catch {
    return [];
  }
}

/** Parses and checks scenario text; throws ScenarioError listing every problem. */
export function parseScenario(text: string, options: ParseOptions = {}): LoadedScenario {
  const source = options.source ?? "scenario.yaml";
  const baseDir = options.baseDir ?? process.cwd();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      source,
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return {
          path: "",
          message: `invalid YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
          line: at.line,
          column: at.col,
        };
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (raw === null || raw === undefined)
    throw new ScenarioError(source, [
      { path: "", message: "the file is empty; a scenario needs steps" },
    ]);
  const result = scenarioSchema.safeParse(raw);
  const problems: Problem[] = result.success
    ? []
    : result.error.issues.flatMap((i) => zodProblem(doc, lines, i));

  // What the schema cannot see, checked on the raw document so every problem shows at once.
  const top = (typeof raw === "object" && !Array.isArray(raw) ? raw : {}) as {
    cluster?: { images?: unknown };
    steps?: unknown;
  };
  const images = top.cluster?.images;
  if (typeof images === "object" && images !== null && !Array.isArray(images)) {
    try {
      ImageCatalogue.fromObject({ images });
    } catch (e) {
      if (!(e instanceof ImageCatalogueError)) throw e;
      for (const err of e.errors) {
        const colon = err.indexOf(": ");
        const field = colon < 0 ? err : err.slice(0, colon);
        problems.push({
          path: `cluster.${field}`,
          message: colon < 0 ? "invalid" : err.slice(colon + 2),
          ...locate(doc, lines, ["cluster", "images", ...imageKey(field)]),
        });
      }
    }
  }
  if (Array.isArray(top.steps)) {
    top.steps.forEach((s: unknown, i) => {
      const file = (s as { apply?: { file?: unknown } } | null)?.apply?.file;
      if (typeof file === "string" && file !== "" && !existsSync(resolve(baseDir, file)))
        problems.push({
          path: `steps[${i}].apply.file`,
          message: `the path ${JSON.stringify(file)} does not exist (paths are relative to the scenario's folder)`,
          ...locate(doc, lines, ["steps", i, "apply", "file"]),
        });
    });
  }
  if (!result.success || problems.length > 0) {
    const order = (p: Problem) => (p.line ?? 0) * 10000 + (p.column ?? 0);
    throw new ScenarioError(
      source,
      [...problems].sort((a, b) => order(a) - order(b)),
    );
  }
  const parsed = result.data;

  const stepLines = parsed.steps.map((_, i) => locate(doc, lines, ["steps", i])?.line);
  const lineOf = (path: readonly (string | number)[]) => locate(doc, lines, path)?.line;
  return { scenario: parsed, source, baseDir, stepLines, lineOf };
}

/** Reads and checks a scenario file; relative paths in it start at its folder. */
export function loadScenario(path: string, cwd: string = process.cwd()): LoadedScenario {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ScenarioError(path, [
      {
        path: "",
        message:
          code === "ENOENT"
            ? `the path ${JSON.stringify(path)} does not exist`
            : code === "EISDIR"
              ? `${JSON.stringify(path)} is a directory, not a scenario file`
              : (e as Error).message,
      },
    ]);
  }
  return parseScenario(text, { source: path, baseDir: dirname(full) });
}
