// The CLI's client-credentials settings: which variables and flags, which combinations are refused, and that no
// message quotes the secret.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectionFromEnv } from "../src/cli/env.js";
import { UsageError } from "../src/cli/handle-error.js";

const SECRET = "cli-secret-4b1d";
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-credentials-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { AMPERITY_TENANT: "acme", AMPERITY_CLIENT_ID: "client-1" };
/** The client-credentials half of a connection (undefined fields when it holds a token). */
const credentials = async (...args: Parameters<typeof connectionFromEnv>) => (await connectionFromEnv(...args)) as { clientSecret?: string; tokenUrl?: string };

it("reads the secret from AMPERITY_CLIENT_SECRET, AMPERITY_CLIENT_SECRET_FILE or --client-secret-file (which wins)", async () => {
  const file = join(dir, "secret");
  await writeFile(file, `${SECRET}-file\n`);
  expect(await connectionFromEnv({ ...base, AMPERITY_CLIENT_SECRET: SECRET })).toEqual({ tenant: "acme", clientId: "client-1", clientSecret: SECRET });
  expect((await credentials({ ...base, AMPERITY_CLIENT_SECRET_FILE: file })).clientSecret).toBe(`${SECRET}-file`);
  const both = { ...base, AMPERITY_CLIENT_SECRET: SECRET, AMPERITY_CLIENT_SECRET_FILE: "/nonexistent" };
  expect((await credentials(both, { clientSecretFile: file })).clientSecret).toBe(`${SECRET}-file`);
  const url = { ...base, AMPERITY_CLIENT_SECRET: SECRET, AMPERITY_TOKEN_URL: "https://acme.amperity.com/api/v0/oauth2/token" };
  expect((await credentials(url)).tokenUrl).toBe("https://acme.amperity.com/api/v0/oauth2/token");
});

it.each([
  ["a token and client credentials", { ...base, AMPERITY_CLIENT_SECRET: SECRET, AMPERITY_TOKEN: "tok-12345678" }, {}, /set either AMPERITY_TOKEN, AMPERITY_TOKEN_FILE or --token-file, or AMPERITY_CLIENT_ID/],
  ["--token-file with client credentials", { ...base, AMPERITY_CLIENT_SECRET: SECRET }, { tokenFile: "/t" }, /not both/],
  ["a secret without AMPERITY_CLIENT_ID", { AMPERITY_TENANT: "acme", AMPERITY_CLIENT_SECRET: SECRET }, {}, /AMPERITY_CLIENT_ID is not set/],
  ["AMPERITY_CLIENT_ID without a secret", base, {}, /no client secret: set AMPERITY_CLIENT_SECRET or AMPERITY_CLIENT_SECRET_FILE, or pass --client-secret-file/],
  ["both secret variables", { ...base, AMPERITY_CLIENT_SECRET: SECRET, AMPERITY_CLIENT_SECRET_FILE: "/x" }, {}, /only one of AMPERITY_CLIENT_SECRET and AMPERITY_CLIENT_SECRET_FILE/],
  ["AMPERITY_TOKEN_URL without client credentials", { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: "tok-12345678", AMPERITY_TOKEN_URL: "https://x" }, {}, /AMPERITY_TOKEN_URL is set but not the client credentials/],
  ["an unreadable secret file", base, { clientSecretFile: "/nonexistent/secret" }, /the client secret file \/nonexistent\/secret \(--client-secret-file\) does not exist; check the path given to --client-secret-file/],
])("refuses %s with a usage error that does not quote the secret", async (_name, env, flags, message) => {
  const error = await connectionFromEnv(env, flags).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain(SECRET);
});
