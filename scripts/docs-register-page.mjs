// The register of the documentation's inconsistencies (info.x-doc-inconsistencies) as a page of its own beside the
// reference: Redoc's middle column left its widest column about a hundred pixels, so the register gets the whole
// window, with the six columns of openapi/README.md. The page is self-contained (no script, no remote asset).

const escape = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/** Text of a register field: whitespace folded, backticks as code (the Markdown form's convention). */
const inline = (text) => escape(String(text).replace(/\s+/g, " ").trim()).replace(/`([^`]+)`/g, "<code>$1</code>");

const style = `
  body { margin: 0; padding: 24px 32px 48px; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
  h1 { font-size: 28px; margin: 0 0 8px; }
  p { max-width: 72em; }
  code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6; padding: 1px 4px; border-radius: 4px; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid #d8dee4; overflow-wrap: break-word; }
  thead th { position: sticky; top: 0; background: #f6f8fa; border-bottom: 2px solid #d0d7de; }
  col.id { width: 5.5em; } col.held { width: 7.5em; }
  td.id a { font-weight: 600; color: inherit; white-space: nowrap; }
  tr:target { background: #fff8c5; }
`;

/** The whole page: a heading, a link back to the reference, and one row per entry (each row's id is its anchor). */
export function registerPage(spec, referenceFile) {
  const entries = spec.info["x-doc-inconsistencies"];
  const rows = entries.map(
    (e) =>
      `<tr id="${escape(e.id)}"><td class="id"><a href="#${escape(e.id)}">${escape(e.id)}</a></td>` +
      `<td><strong>${inline(e.topic)}</strong><br>${inline(e.source)}</td><td>${inline(e.says)}</td>` +
      `<td>${inline(e.problem)}</td><td>${inline(e.decision)}</td><td>${inline(e.enforced_by)}</td></tr>`,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(spec.info.title)}: documentation inconsistencies</title><style>${style}</style></head>
<body>
<h1>Documentation inconsistencies</h1>
<p>${entries.length} inconsistencies of the vendor's documentation of the ${escape(spec.info.title)}, each with the
decision the spec of the <a href="${escape(referenceFile)}">reference</a> takes. <code>test</code> in the last column
means a test whose name contains the id holds the decision.</p>
<table class="doc-register">
<colgroup><col class="id"><col><col><col><col><col class="held"></colgroup>
<thead><tr><th>id</th><th>topic and source</th><th>the documentation says</th><th>why it is inconsistent</th><th>decision</th><th>held by</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</body></html>
`;
}

/** The reference's short section: what the register is, and each entry's id and topic linking to its row. */
export function registerSection(spec, pageFile) {
  const entries = spec.info["x-doc-inconsistencies"];
  return [
    "## Documentation inconsistencies",
    "",
    `${entries.length} inconsistencies of the documentation, each with the decision this spec takes, are listed on ` +
      `[a page of their own](${pageFile}): what the documentation says, why it is inconsistent, the decision and what holds it.`,
    "",
    ...entries.map((e) => `- [${e.id}](${pageFile}#${e.id}): ${String(e.topic).replace(/\s+/g, " ").trim()}`),
  ].join("\n");
}
