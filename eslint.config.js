// ESLint flat config: typescript-eslint, import boundaries (../shared/DESIGN.md),
// and the determinism rule (no wall time, no global randomness in simulation code).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import globals from "globals";

/** Which workspace packages each package may import (DESIGN.md, "Imports go downward only"). */
const allowed = {
  sim: [],
  api: [],
  apiserver: ["api", "sim"],
  runtime: ["api", "sim"],
  controllers: ["runtime", "api", "sim"],
  scheduler: ["runtime", "api", "sim"],
  network: ["runtime", "api", "sim"],
  kubelet: ["network", "runtime", "api", "sim"],
  cluster: ["sim", "api", "apiserver", "runtime", "controllers", "scheduler", "network", "kubelet"],
  kubectl: ["cluster", "api"],
  server: ["cluster", "kubectl", "api"],
  testing: ["cluster", "runtime", "api", "sim"],
  cli: ["cluster", "kubectl", "server", "testing"],
};
/** Test files (and their testdata helpers) may also import lower packages that do not depend on them (design-anchors.md). */
const testAllowed = {
  runtime: ["apiserver"],
  controllers: ["apiserver"],
  scheduler: ["apiserver"],
  network: ["apiserver"],
  kubelet: ["apiserver"],
};
const all = Object.keys(allowed);
const pkgName = (p) => (p === "cluster" ? "kubesim" : `@kubesim/${p}`);

function boundaries(pkg, extra = []) {
  const ok = new Set([pkg, ...allowed[pkg], ...extra]);
  const banned = all.filter((p) => !ok.has(p)).map(pkgName);
  return {
    files: [`packages/${pkg}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: banned.map((name) => ({
            name,
            message: `packages/${pkg} may not import ${name} (DESIGN.md import directions).`,
          })),
          patterns: [
            {
              group: ["../../*/src/*", "../../../*/src/*"],
              message: "Import other packages by name.",
            },
          ],
        },
      ],
    },
  };
}

/** Simulation code: everything but the cli, the tests and the benchmarks. */
const simulationFiles = ["packages/*/src/**/*.ts"];
const wallClockExempt = [
  "packages/cli/**",
  // `kubesim serve`'s real-time pacer advances the sim loop to speed × elapsed
  // wall time: the one place that reads wall time and sets real timers
  // (DESIGN.md, "Determinism"). The rest of packages/server asks it.
  "packages/server/src/pacer.ts",
  "**/*.test.ts",
  "**/bench/**",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "docs/.vitepress/cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-cycle": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
    settings: { "import-x/resolver": { node: { extensions: [".ts", ".js"] } } },
  },
  ...all.map((p) => boundaries(p)),
  ...Object.entries(testAllowed).map(([p, extra]) => ({
    ...boundaries(p, extra),
    files: [`packages/${p}/**/*.test.ts`, `packages/${p}/**/testdata/**/*.ts`],
  })),
  {
    files: simulationFiles,
    ignores: wallClockExempt,
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "setTimeout", message: "Use the sim loop (after/at)." },
        { name: "setInterval", message: "Use the sim loop (after/at)." },
        { name: "setImmediate", message: "Use the sim loop." },
        { name: "performance", message: "Use the sim clock." },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "Use the sim clock." },
        { object: "Math", property: "random", message: "Use the seeded Rng." },
        { object: "performance", property: "now", message: "Use the sim clock." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "new Date() reads wall time; use the sim clock.",
        },
        {
          selector: "ForInStatement",
          message: "for...in iterates inherited keys; use Object.keys.",
        },
      ],
    },
  },
  {
    files: ["packages/cli/**/*.ts", "test/**/*.ts", "**/bench/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
