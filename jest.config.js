/** Jest runs TypeScript through @swc/jest (CommonJS output); `tsc --noEmit` does the type checking. */
const transform = {
  "^.+\\.(t|j)s$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    {
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      transform,
      moduleNameMapper,
      testEnvironment: "node",
    },
  ],
};
const moduleNameMapper = { "^(\\.{1,2}/.*)\\.js$": "$1" };

export default {
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
      transform,
      moduleNameMapper,
      testEnvironment: "node",
    },
    {
      displayName: "contract",
      testMatch: ["<rootDir>/contract-tests/**/*.test.ts"],
      transform,
      moduleNameMapper,
      testEnvironment: "node",
    },
    {
      displayName: "e2e",
      testMatch: ["<rootDir>/test/e2e/**/*.test.ts"],
      transform,
      moduleNameMapper,
      testEnvironment: "node",
    },
  ],
};
