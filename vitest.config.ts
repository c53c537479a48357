import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@kubesim/source"] },
  ssr: { resolve: { conditions: ["@kubesim/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    // Runs each test/scenarios file twice and compares trace hashes (a no-op for other files).
    setupFiles: ["test/scenarios/support/replay.ts"],
  },
});
