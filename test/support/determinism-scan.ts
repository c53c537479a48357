/**
 * The determinism scan: simulation code must not read wall time, use global
 * randomness, schedule real timers, or iterate in an order that is not
 * deterministic. Comments are ignored; line numbers are kept.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

export interface Rule {
  readonly pattern: RegExp;
  readonly why: string;
}

export const rules: readonly Rule[] = [
  { pattern: /\bDate\.now\s*\(/, why: "Date.now reads wall time; use the sim clock" },
  {
    pattern: /\bnew\s+Date\s*\(\s*\)/,
    why: "argless new Date() reads wall time; use the sim clock",
  },
  { pattern: /\bMath\.random\s*\(/, why: "Math.random is global randomness; use the seeded Rng" },
  { pattern: /\bsetTimeout\s*\(/, why: "setTimeout is a real timer; use loop.after" },
  { pattern: /\bsetInterval\s*\(/, why: "setInterval is a real timer; use loop.after" },
  { pattern: /\bsetImmediate\s*\(/, why: "setImmediate is a real timer; use the sim loop" },
  { pattern: /\bperformance\.now\s*\(/, why: "performance.now reads wall time; use the sim clock" },
  { pattern: /\bprocess\.hrtime\b/, why: "process.hrtime reads wall time; use the sim clock" },
  {
    pattern: /\b(randomUUID|randomBytes|randomInt|getRandomValues)\s*\(/,
    why: "crypto randomness; use the seeded Rng",
  },
  {
    pattern: /\bfor\s*\(\s*(?:const|let|var)\s+[\w$]+\s+in\b/,
    why: "for...in also walks inherited keys; iterate Object.keys or a Map",
  },
  {
    pattern: /\bPromise\.(race|any)\s*\(/,
    why: "Promise.race/any settle in an order set by real I/O",
  },
  {
    pattern: /\breaddir(Sync)?\s*\(/,
    why: "directory order is file-system dependent; sort the names",
  },
];

/** Replaces comments with spaces, keeping newlines, so line numbers stay right. */
export function stripComments(src: string): string {
  let out = "";
  let i = 0;
  let quote: string | undefined;
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (quote !== undefined) {
      out += c;
      if (c === "\\") {
        out += n ?? "";
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i++;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      out += c;
      i++;
    } else if (c === "/" && n === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && n === "*") {
      i += 2;
      while (i < src.length && !(src[i] === "*" && src[i + 1] === "/")) {
        out += src[i] === "\n" ? "\n" : " ";
        i++;
      }
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

export function scanSource(file: string, src: string): Finding[] {
  const found: Finding[] = [];
  const original = src.split("\n");
  stripComments(src)
    .split("\n")
    .forEach((line, idx) => {
      for (const r of rules) {
        if (r.pattern.test(line)) {
          found.push({ file, line: idx + 1, text: (original[idx] ?? "").trim(), why: r.why });
        }
      }
    });
  return found;
}

/** Packages outside the simulation: the CLI (a terminal program) and the UI. */
export const exemptPackages = new Set(["cli", "ui"]);

/**
 * Files outside the simulation inside a simulation package: the server's
 * real-time pacer (the one place that reads wall time) and its credentials
 * (the bearer token and certificate keys must come from the OS's randomness,
 * never from a seed).
 */
export const exemptFiles = new Set([
  "packages/server/src/pacer.ts",
  "packages/server/src/state.ts",
  "packages/server/src/certs.ts",
]);

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|js|mjs)$/.test(name) && !/\.(test|spec|bench|test-d)\.tsx?$/.test(name)) {
      out.push(p);
    }
  }
}

export function scanPackages(root: string): Finding[] {
  const pkgs = join(root, "packages");
  const files: string[] = [];
  for (const pkg of readdirSync(pkgs).sort()) {
    if (exemptPackages.has(pkg)) continue;
    const src = join(pkgs, pkg, "src");
    try {
      if (statSync(src).isDirectory()) walk(src, files);
    } catch {
      // a package without src/ has nothing to scan
    }
  }
  return files
    .map((f) => relative(root, f))
    .filter((f) => !exemptFiles.has(f.split(sep).join("/")))
    .flatMap((f) => scanSource(f, readFileSync(join(root, f), "utf8")));
}
