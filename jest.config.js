/** Jest runs TypeScript through @swc/jest (CommonJS output); `tsc --noEmit` does the type checking. */
const transform = {
  "^.+\\.(t|j)s$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
  ],
};
const moduleNameMapper = { "^(\\.{1,2}/.*)\\.js$": "$1" };

export default {
  projects: [
    { displayName: "unit", testMatch: ["<rootDir>/test/**/*.test.ts"], transform, moduleNameMapper, testEnvironment: "node" },
    {
      displayName: "contract",
      testMatch: ["<rootDir>/contract-tests/**/*.test.ts"],
      transform,
      moduleNameMapper,
      testEnvironment: "node",
    },
  ],
};
