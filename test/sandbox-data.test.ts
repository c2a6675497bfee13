/** The sandbox's data is a pure function of its seed: the same seed serves byte-identical responses. */
import { listProfiles } from "../generated/validators.js";
import { startSandbox, type Sandbox } from "../src/sandbox/index.js";

const started: Sandbox[] = [];
async function sandbox(seed: string): Promise<Sandbox> {
  const sb = await startSandbox({ seed, profiles: 300, indexes: 2 });
  started.push(sb);
  return sb;
}
afterAll(() => Promise.all(started.map((sb) => sb.close())));

async function text(sb: Sandbox, path: string): Promise<string> {
  const res = await fetch(sb.url + path, {
    headers: { authorization: `Bearer ${sb.token}`, "amperity-tenant": sb.tenant, "api-version": "2025-07-31" },
  });
  expect(res.status).toBe(200);
  return res.text();
}

/** Every profile of every index, in order, as the raw bodies served (next_token excluded: its key is per sandbox). */
async function everything(sb: Sandbox): Promise<string[]> {
  const bodies = [await text(sb, "/indexes")];
  for (const index of sb.indexes) {
    const body = JSON.parse(await text(sb, `/indexes/${index}/profiles?limit=300`));
    expect(listProfiles(body)).toBe(true);
    bodies.push(JSON.stringify(body.data));
  }
  return bodies;
}

test("the same seed serves the same indexes and profiles", async () => {
  const [a, b] = await Promise.all([sandbox("determinism"), sandbox("determinism")]);
  expect(b.indexes).toEqual(a.indexes);
  expect(await everything(b)).toEqual(await everything(a));
});

test("another seed serves other index ids, profile ids and attributes", async () => {
  const [a, b] = await Promise.all([sandbox("determinism"), sandbox("another seed")]);
  expect(b.indexes.filter((id) => a.indexes.includes(id))).toEqual([]);
  const [profilesA, profilesB] = [JSON.parse((await everything(a))[1]!), JSON.parse((await everything(b))[1]!)];
  const ids = new Set(profilesA.map((p: { id: string }) => p.id));
  expect(profilesB.filter((p: { id: string }) => ids.has(p.id)).length).toBeLessThan(3);
  const names = (list: { attributes: Record<string, string> }[]) => list.map((p) => `${p.attributes["given_name"]} ${p.attributes["surname"]}`);
  expect(names(profilesB)).not.toEqual(names(profilesA));
});

test("two indexes of one sandbox hold different profiles", async () => {
  const sb = await sandbox("determinism");
  const [first, second] = (await everything(sb)).slice(1).map((data) => JSON.parse(data) as { id: string; attributes: object }[]);
  expect(second!.map((p) => p.attributes)).not.toEqual(first!.map((p) => p.attributes));
});

test("a page at an offset is the same slice of the index whatever the page size before it", async () => {
  const sb = await sandbox("slices");
  const all = JSON.parse(await text(sb, `/indexes/${sb.indexes[0]}/profiles?limit=300`)).data;
  const first = JSON.parse(await text(sb, `/indexes/${sb.indexes[0]}/profiles?limit=120`));
  const next = JSON.parse(await text(sb, `/indexes/${sb.indexes[0]}/profiles?limit=7&next_token=${encodeURIComponent(first.next_token)}`));
  expect(next.data).toEqual(all.slice(120, 127));
});

test("filters match the values the sandbox serves, for every filter field (the two renderings agree)", async () => {
  const { filterFields } = await import("../src/sandbox/profiles.js");
  const sb = await sandbox("filters agree");
  const index = sb.indexes[0]!;
  const all: { id: string; attributes: Record<string, string> }[] = JSON.parse(await text(sb, `/indexes/${index}/profiles?limit=300`)).data;
  for (const profile of [all[0]!, all[37]!, all[151]!, all[299]!]) {
    for (const field of filterFields) {
      const value = profile.attributes[field]!;
      const query = `filter[${field}]=${encodeURIComponent(value)}&limit=300`;
      const matches: typeof all = JSON.parse(await text(sb, `/indexes/${index}/profiles?${query}`)).data;
      expect(matches.map((p) => p.id)).toContain(profile.id);
      expect(matches.every((p) => p.attributes[field] === value)).toBe(true);
      expect(matches).toEqual(all.filter((p) => p.attributes[field] === value));
    }
  }
});
