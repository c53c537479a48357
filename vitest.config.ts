import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["@kubesim/source"] },
  ssr: { resolve: { conditions: ["@kubesim/source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "docs/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
  },
});
