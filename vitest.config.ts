import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@kubesim/source"] },
  ssr: { resolve: { conditions: ["@kubesim/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "docs/**/*.test.ts"],
    // test/scenarios/testdata holds a scenario test that is meant to fail its replay.
    exclude: ["**/node_modules/**", "**/dist/**", "test/scenarios/testdata/**"],
    testTimeout: 60_000,
    // Runs each test/scenarios file twice and compares trace hashes (a no-op for other files).
    setupFiles: ["test/scenarios/support/replay.ts"],
  },
});
