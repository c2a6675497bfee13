// Derives a curl and a TypeScript example for every operation of the bundled spec (x-codeSamples), so the
// reference never shows a hand-written sample that has drifted from the paths and parameters it documents.

const deref = (spec, node) => {
  let value = node;
  while (value?.$ref) value = value.$ref.slice(2).split("/").reduce((at, key) => at[key], spec);
  return value;
};

const exampleOf = (spec, parameter) => {
  const schema = deref(spec, parameter.schema);
  return parameter.example ?? schema?.examples?.[0] ?? schema?.example;
};

/**
 * The values one example request sends: every required parameter, and the optional scalar query parameters
 * worth showing. The cursor is left out (an example requests the first page) and so are deprecated parameters;
 * a boolean flag is shown switched on, since its default is what omitting it already gives.
 */
function exampleRequest(spec, operation) {
  const parameters = (operation.parameters ?? []).map((p) => deref(spec, p));
  const pick = (where) => parameters.filter((p) => p.in === where);
  const query = pick("query").flatMap((p) => {
    const schema = deref(spec, p.schema);
    if (p.required) return [[p.name, exampleOf(spec, p)]];
    if (p.deprecated || p.name === "next_token" || schema?.type === "object") return [];
    if (schema?.type === "boolean") return [[p.name, true]];
    const value = exampleOf(spec, p);
    return value === undefined ? [] : [[p.name, value]];
  });
  return {
    path: pick("path").map((p) => [p.name, exampleOf(spec, p)]),
    query,
    headers: pick("header").map((p) => [p.name, exampleOf(spec, p)]),
  };
}

const shellQuote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;

/** A curl command with the whole URL, query included, in one quoted string (the seed broke it across lines: DOC-13). */
function curlSample(spec, path, operation) {
  const request = exampleRequest(spec, operation);
  let url = spec.servers[0].url + path;
  for (const [name, value] of request.path) url = url.replace(`{${name}}`, encodeURIComponent(value));
  const query = new URLSearchParams(request.query.map(([name, value]) => [name, String(value)])).toString();
  if (query) url += `?${query}`;
  const lines = [
    `curl -sS --fail-with-body ${shellQuote(url)}`,
    // Double quotes so the shell expands the token from the environment instead of it being typed in argv.
    `-H "Authorization: Bearer $AMPERITY_TOKEN"`,
    ...request.headers.map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
  ];
  return lines.join(" \\\n  ");
}

const tsValue = (value) => (typeof value === "string" ? JSON.stringify(value) : String(value));

/**
 * The same request through the client: the tag names the resource (`Profiles` → `amperity.profiles`), the
 * operationId's verb the method (`listProfiles` → `list`); path parameters are arguments, the query an object.
 */
function typescriptSample(spec, operation) {
  const request = exampleRequest(spec, operation);
  const resource = operation.tags[0].toLowerCase();
  const method = operation.operationId.match(/^[a-z]+/)[0];
  const tenant = request.headers.find(([name]) => name === "amperity-tenant")?.[1];
  const args = request.path.map(([, value]) => tsValue(value));
  if (request.query.length > 0) {
    args.push(`{ ${request.query.map(([name, value]) => `${name}: ${tsValue(value)}`).join(", ")} }`);
  }
  const call = `await amperity.${resource}.${method}(${args.join(", ")})`;
  const use =
    method === "list"
      ? [`const page = ${call};`, "console.log(page.data.length, page.next_token, page.total);"]
      : [`const result = ${call};`, "console.log(result.id);"];
  return [
    'import { createAmperityClient } from "amperity-profiles";',
    "",
    `const amperity = createAmperityClient({ tenant: ${tsValue(tenant)}, token: process.env.AMPERITY_TOKEN! });`,
    ...use,
  ].join("\n");
}

/**
 * The token endpoint is not a call of the client: curl posts the form (the secret read from a file, so it is not
 * in curl's argv), and the TypeScript sample shows the client doing the exchange itself.
 */
function tokenSamples(spec, path, operation) {
  const server = operation.servers[0];
  const tenant = server.variables.tenant.default;
  const url = server.url.replace("{tenant}", tenant) + path;
  const curl = [
    `curl -sS --fail-with-body ${shellQuote(url)}`,
    ...exampleRequest(spec, operation).headers.map(([name]) => `-H ${shellQuote(`${name}: ${tenant}`)}`),
    "--data-urlencode 'grant_type=client_credentials'",
    `--data-urlencode "client_id=$AMPERITY_CLIENT_ID"`,
    `--data-urlencode "client_secret@$AMPERITY_CLIENT_SECRET_FILE"`,
  ].join(" \\\n  ");
  const typescript = [
    'import { createAmperityClient } from "amperity-profiles";',
    "",
    "// The client requests the token itself on first use, caches it and refreshes it before it expires.",
    "const amperity = createAmperityClient({",
    `  tenant: ${tsValue(tenant)},`,
    "  clientId: process.env.AMPERITY_CLIENT_ID!,",
    "  clientSecret: process.env.AMPERITY_CLIENT_SECRET!,",
    "});",
    "const page = await amperity.indexes.list();",
    "console.log(page.data.length);",
  ].join("\n");
  return [
    { lang: "Shell", label: "curl", source: curl },
    { lang: "TypeScript", label: "TypeScript", source: typescript },
  ];
}

const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Adds x-codeSamples to every operation of `spec` (mutates it) and returns it. */
export function addCodeSamples(spec) {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.has(method)) continue;
      if (operation.operationId === "createAccessToken") {
        operation["x-codeSamples"] = tokenSamples(spec, path, operation);
        continue;
      }
      operation["x-codeSamples"] = [
        { lang: "Shell", label: "curl", source: curlSample(spec, path, operation) },
        { lang: "TypeScript", label: "TypeScript", source: typescriptSample(spec, operation) },
      ];
    }
  }
  return spec;
}
