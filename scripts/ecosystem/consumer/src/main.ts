// The consumer on Node, Bun and Deno: the sandbox's JSON line (describeSandbox) in AMPERITY_SANDBOX (a token
// stays off the command line), the walk as one JSON line on stdout.
import type { Sandbox } from "amperity-profiles/sandbox";
import { walk } from "./walk.js";

// Each runtime has a Node-compatible `process`; this consumer installs no @types/node, as many do not.
declare const process: { env: Record<string, string | undefined> };

const given = JSON.parse(process.env.AMPERITY_SANDBOX ?? "{}") as Pick<Sandbox, "url" | "token" | "tenant">;
console.log(JSON.stringify(await walk({ baseUrl: given.url, token: given.token, tenant: given.tenant })));
