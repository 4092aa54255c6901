import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "scratch/**", "src/web/dist/**", "public/**", "coverage/**", "test/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", performance: "readonly",
        setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly",
        fetch: "readonly", AbortController: "readonly", TextDecoder: "readonly", TextEncoder: "readonly",
        document: "readonly", window: "readonly", setImmediate: "readonly", queueMicrotask: "readonly",
        structuredClone: "readonly", AbortSignal: "readonly", Response: "readonly", Request: "readonly", Headers: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "warn",
      "no-control-regex": "off",
    },
  },
);
