/** Jest runs TypeScript through @swc/jest (CommonJS output); `tsc --noEmit` does the type checking. */
const transform = {
  "^.+\\.(t|j)s$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
  ],
};
// Sources import each other with ESM `.js` extensions; Jest resolves the `.ts` file instead.
const moduleNameMapper = { "^(\\.{1,2}/.*)\\.js$": "$1" };
// hyparquet and hyparquet-writer ship ES modules only: Jest's CommonJS runtime gets them through swc like our own code.
const transformIgnorePatterns = ["/node_modules/(?!(hyparquet|hyparquet-writer)/)"];
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: "node" };

export default {
  // Jest's default leaves a core to itself (one worker on a 2-core machine); the suites mostly wait on child
  // processes and local servers, so a worker per core halves the wall time.
  maxWorkers: "100%",
  projects: [
    {
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
      ...common,
    },
    { displayName: "contract", testMatch: ["<rootDir>/contract-tests/**/*.test.ts"], ...common },
    { displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"], ...common },
  ],
};
