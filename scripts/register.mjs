// Renders the spec's machine-readable inconsistency register (info.x-doc-inconsistencies) as Markdown.
// Used for openapi/README.md (by generate.mjs) and for the published reference (by docs.mjs).

const cell = (text) => String(text).replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();

/** The breaking changes an entry declares (scripts/spec-diff.mjs reads them), for its decision cell. */
const breaking = (e) => (e.breaking_changes?.length ? `<br>Breaking changes it declares: ${e.breaking_changes.map((k) => `\`${cell(k)}\``).join(", ")}.` : "");

/** @param {Array<{id:string,topic:string,source:string,says:string,problem:string,decision:string,enforced_by:string,breaking_changes?:string[]}>} entries */
export function renderRegister(entries) {
  const rows = entries.map(
    (e) =>
      `| ${e.id} | **${cell(e.topic)}**<br>${cell(e.source)} | ${cell(e.says)} | ${cell(e.problem)} | ${cell(e.decision)}${breaking(e)} | ${cell(e.enforced_by)} |`,
  );
  return [
    `${entries.length} inconsistencies of the documentation, each with the decision this spec takes. ` +
      "`test` in the last column means a test whose name contains the id holds the decision.",
    "",
    "| id | topic and source | the documentation says | why it is inconsistent | decision | held by |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

export const registerStart = "<!-- register:start (generated from openapi/inconsistencies.yaml by npm run generate) -->";
export const registerEnd = "<!-- register:end -->";

/** Replaces the text between the register markers of `readme` with the rendered register. */
export function spliceRegister(readme, entries) {
  const start = readme.indexOf(registerStart);
  const end = readme.indexOf(registerEnd);
  if (start < 0 || end < start) throw new Error("openapi/README.md lacks the register markers");
  return readme.slice(0, start + registerStart.length) + "\n" + renderRegister(entries) + readme.slice(end);
}
