/** Network errors in plain words: which host and port, what failed, how many attempts; hopeless ones not retried. */
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server } from "node:net";
import { createAmperityClient, NetworkError } from "../src/index.js";
import { networkFailure, networkFailureMessage } from "../src/edges/http/network-failure.js";
import { runCli } from "./cli-harness.js";
import { withHooks } from "./client-harness.js";

const TOKEN = "tok-NETWORK-12345678";
const listening = async (server: Server | ReturnType<typeof createHttpServer>): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};
const close = (server: Server | ReturnType<typeof createHttpServer>) => new Promise((resolve) => server.close(resolve));

async function failure(baseUrl: string, maxAttempts = 3): Promise<{ error: NetworkError; attempts: number }> {
  let attempts = 1;
  const amperity = createAmperityClient({
    tenant: "acme",
    token: TOKEN,
    baseUrl,
    retry: { maxAttempts },
    ...withHooks({ sleep: async () => undefined }),
    onRetry: () => void attempts++,
  });
  const error = await amperity.indexes.list().then(
    () => {
      throw new Error("expected a failure");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return { error: error as NetworkError, attempts };
}

it("connection refused: names the host and port and the attempts", async () => {
  const server = createServer();
  const port = await listening(server);
  await close(server);
  const { error, attempts } = await failure(`http://127.0.0.1:${port}/api`);
  expect(error.message).toBe(`Request to 127.0.0.1:${port} failed: connection refused (nothing listens on that port) (3 attempts)`);
  expect(attempts).toBe(3);
});

it("connection reset by the server", async () => {
  const server = createServer((socket) => socket.on("data", () => socket.resetAndDestroy()));
  const port = await listening(server);
  try {
    const { error } = await failure(`http://127.0.0.1:${port}/api`, 2);
    expect(error.message).toBe(`Request to 127.0.0.1:${port} failed: connection reset (2 attempts)`);
  } finally {
    await close(server);
  }
});

it("TLS failure: https to a server that speaks plain HTTP is not retried", async () => {
  const server = createHttpServer((_request, response) => response.end("{}"));
  const port = await listening(server);
  try {
    const { error, attempts } = await failure(`https://127.0.0.1:${port}/api`);
    expect(error.message).toBe(`Request to 127.0.0.1:${port} failed: TLS failure (ERR_SSL_WRONG_VERSION_NUMBER) (1 attempt, not retried: it cannot succeed)`);
    expect(attempts).toBe(1);
  } finally {
    server.closeAllConnections();
    await close(server);
  }
});

it("a port fetch refuses (10080, on the fetch standard's blocked list) is one attempt, not retried", async () => {
  const { error, attempts } = await failure("http://127.0.0.1:10080/api");
  expect(error.message).toBe(
    "Request to 127.0.0.1:10080 failed: port 10080 is one that fetch refuses to connect to (a blocked port); use another port (1 attempt, not retried: it cannot succeed)",
  );
  expect(attempts).toBe(1);
});

it("the CLI prints the same line, without a second attempt count", async () => {
  const result = await runCli(["indexes"], { env: { AMPERITY_TENANT: "acme", AMPERITY_TOKEN: TOKEN, AMPERITY_BASE_URL: "http://127.0.0.1:10080/api" } });
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    "amperity-profiles: Request to 127.0.0.1:10080 failed: port 10080 is one that fetch refuses to connect to (a blocked port); use another port (1 attempt, not retried: it cannot succeed)\n",
  );
});

describe("networkFailure on the shapes undici throws", () => {
  const wrapped = (cause: object) => Object.assign(new TypeError("fetch failed"), { cause });
  it.each([
    [{ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND app.example" }, "https://app.example/api/x", "Request to app.example:443 failed: DNS name not found", true],
    [{ code: "UND_ERR_SOCKET", message: "other side closed" }, "http://[::1]:8080/api", "Request to [::1]:8080 failed: the server closed the connection", true],
    [{ code: "UND_ERR_CONNECT_TIMEOUT", message: "Connect Timeout Error" }, "https://h.example/api", "Request to h.example:443 failed: connection timed out", true],
    [{ code: "CERT_HAS_EXPIRED", message: "certificate has expired" }, "https://h.example/api", "Request to h.example:443 failed: TLS failure (CERT_HAS_EXPIRED)", false],
  ])("%j", (cause, url, what, retryable) => {
    expect(networkFailure(wrapped(cause), url)).toEqual({ what, retryable });
  });

  it("finds the cause inside an AggregateError (a host with several addresses)", () => {
    const error = wrapped(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:80"), { code: "ECONNREFUSED" })]));
    expect(networkFailureMessage(networkFailure(error, "http://localhost/api"), 4)).toBe(
      "Request to localhost:80 failed: connection refused (nothing listens on that port) (4 attempts)",
    );
  });
});
