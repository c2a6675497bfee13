/** The package's version, sent in User-Agent; test/user-agent.test.ts holds it equal to package.json's. */
export const sdkVersion = "0.1.0";
