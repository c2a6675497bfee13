// The consumer on workerd: the sandbox is reached only through a service binding, so the client gets an http:
// base URL whose host means nothing and a fetch that is the binding's.
import { walk } from "./walk.js";

interface Env {
  SANDBOX: { fetch(request: Request): Promise<Response> };
  TOKEN: string;
  TENANT: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    try {
      const walked = await walk({ baseUrl: "http://sandbox/api", token: env.TOKEN, tenant: env.TENANT, fetch: (r) => env.SANDBOX.fetch(r) });
      return new Response(JSON.stringify(walked), { headers: { "content-type": "application/json" } });
    } catch (error) {
      return new Response(error instanceof Error ? `${error.name}: ${error.message}` : String(error), { status: 500 });
    }
  },
};
