import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import tseslint from "typescript-eslint";
import { layerZones, TEST_FILES, testZones, UNIMPORTED_FILES } from "./eslint.layers.js";

export default tseslint.config(
  { ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without where would touch every user's rows.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // The layers (eslint.layers.js, README "Architecture"): no module imports a layer above it, and no cycles.
      "import/no-restricted-paths": [
        "error",
        { basePath: import.meta.dirname, zones: layerZones(import.meta.dirname) },
      ],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
    settings: {
      // no-cycle follows imports by parsing each imported file; a package never imports ours, so no cycle runs
      // through node_modules, and parsing the packages' type declarations was half of the lint's time.
      "import/ignore": ["node_modules"],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones: testZones(import.meta.dirname) }],
    },
  },
  {
    // A file nothing imports is on no cycle, and no module imports a test (a zone above says so): what no-cycle
    // proves, it proves on the modules; checking it from each test again doubled its time.
    files: UNIMPORTED_FILES,
    rules: { "import/no-cycle": "off" },
  },
);
