// Rendering the panels of the page from API answers. Text from the server is only ever put in
// as text (textContent), never as HTML.

export const STAGES = ["planner", "generator", "executor", "validator"];
const FORMATS = [
  ["step", "STEP"],
  ["stl", "STL"],
  ["glb", "GLB"],
  ["fcstd", "FCStd"],
  ["brep", "BREP"],
];

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export function mm(value) {
  return Number(value.toFixed(2)).toString();
}

/** A revision in the one shape the panels use (an earlier revision as the history route gives it). */
export function earlierRevision(revision) {
  const { validation, execution } = revision;
  const shape = execution && execution.final_shape;
  return {
    number: revision.number,
    kind: revision.kind,
    request: revision.request,
    status: revision.status,
    checks: validation ? validation.checks : [],
    issues: validation ? validation.issues : [],
    readback: revision.readback,
    tree: execution ? execution.feature_tree : [],
    size: shape ? shape.bbox.size : null,
    volume: shape ? shape.volume : null,
    error: revision.error,
    planner: revision.plan_source ? revision.plan_source.planner : null,
    mass: revision.mass,
    materialSource: revision.material_source,
  };
}

/** The design's current run, in the same shape. */
export function currentRevision(view) {
  const state = view.report.state;
  return earlierRevision({
    ...state,
    number: view.revision,
    request: state.prompt,
    status: view.status,
    readback: view.readback,
    mass: view.summary ? view.summary.mass : null,
  });
}

const MATERIAL_FROM = { assumed: ", assumed", request: ", as requested" };

/** "68 g (brass, as requested)"; "—" when there is no mass (an earlier revision, no one material). */
export function massText(mass, source) {
  if (source === "vague") return "not given: no one material was named";
  if (!mass) return "—";
  const amount = mass.mass_g < 1000 ? `${mm(mass.mass_g)} g` : `${mm(mass.mass_g / 1000)} kg`;
  return `${amount} (${mass.material}${MATERIAL_FROM[source] || ""})`;
}

export function hasModel(revision) {
  return revision.status === "completed" || revision.status === "needs_review";
}

export function renderSummary(target, view, revision) {
  const rows = [
    ["Request", revision.request],
    ["Status", revision.status.replace("_", " ")],
    ["Revision", `${revision.number} of ${view.revision}`],
    ["Size", revision.size ? revision.size.map(mm).join(" × ") + " mm" : "—"],
    ["Volume", revision.volume ? `${mm(revision.volume)} mm³` : "—"],
    ["Mass", massText(revision.mass, revision.materialSource)],
    ["Planner", revision.planner || "—"],
  ];
  target.replaceChildren(...rows.flatMap(([name, value]) => [el("dt", { text: name }), el("dd", { text: value })]));
}

export function renderChecks(target, checks, issues = []) {
  const items = checks.map((check) =>
    el(
      "li",
      { class: check.passed ? "pass" : "fail" },
      el("span", { class: "mark", "aria-hidden": "true", text: check.passed ? "✓" : "✗" }),
      el("span", { class: "visually-hidden", text: check.passed ? "passed: " : "failed: " }),
      el("strong", { text: check.name }),
      check.expected || check.actual
        ? el("span", { class: "muted", text: ` expected ${check.expected || "—"}, got ${check.actual || "—"}` })
        : null,
      check.detail ? el("span", { class: "muted", text: ` ${check.detail}` }) : null,
    ),
  );
  for (const issue of issues.filter((i) => i.severity === "error" && i.category !== "geometry")) {
    items.push(el("li", { class: "fail" }, el("span", { class: "mark", "aria-hidden": "true", text: "✗" }), issue.message));
  }
  if (!items.length) items.push(el("li", { class: "muted empty", text: "No checks yet." }));
  target.replaceChildren(...items);
}

export function renderReadback(target, lines) {
  const items = lines.map((line) => el("li", { text: line }));
  target.replaceChildren(...(items.length ? items : [el("li", { class: "muted empty", text: "No plan." })]));
}

function treeList(nodes) {
  return el(
    "ul",
    {},
    nodes.map((node) =>
      el(
        "li",
        {},
        el("span", { class: "tree-label", text: node.label }),
        el("span", { class: "muted", text: ` ${node.type_id}` }),
        node.children && node.children.length ? treeList(node.children) : null,
      ),
    ),
  );
}

export function renderTree(target, nodes) {
  target.replaceChildren(nodes && nodes.length ? treeList(nodes) : el("p", { class: "muted", text: "No features." }));
}

function words(name, node) {
  const field = node && name.startsWith(`${node}_`) ? name.slice(node.length + 1) : name;
  return node ? `${node} ${field.replace(/_/g, " ")}` : name.replace(/_/g, " ");
}

export function renderParameters(target, parameters, editable) {
  if (!parameters.length) {
    target.replaceChildren(el("p", { class: "muted", text: "No parameters." }));
    return;
  }
  target.replaceChildren(
    ...parameters.map((parameter) => {
      const id = `param-${parameter.name}`;
      return el(
        "div",
        { class: "param" },
        el("label", { for: id, text: words(parameter.name, parameter.node) }),
        el("input", {
          id,
          type: "number",
          step: "any",
          inputmode: "decimal",
          value: String(parameter.value),
          "data-name": parameter.name,
          "data-original": String(parameter.value),
          disabled: !(editable && parameter.editable),
          "aria-describedby": `${id}-unit`,
        }),
        el("span", { id: `${id}-unit`, class: "unit", text: parameter.unit || "" }),
      );
    }),
  );
}

/** The values the person changed: {alias: number}; throws on something that is not a number. */
export function changedParameters(target) {
  const values = {};
  for (const input of target.querySelectorAll("input[data-name]")) {
    if (input.disabled) continue;
    const value = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(value)) {
      input.focus();
      throw new Error(`${input.labels[0].textContent} needs a number.`);
    }
    if (value !== Number(input.dataset.original)) values[input.dataset.name] = value;
  }
  return values;
}

export function renderDownloads(target, enabled, onDownload) {
  target.replaceChildren(
    ...FORMATS.map(([format, label]) =>
      el("button", {
        type: "button",
        class: "small",
        "data-format": format,
        disabled: !enabled,
        "aria-label": `Download ${label}`,
        text: label,
        onclick: () => onDownload(format),
      }),
    ),
  );
}

/** A list of buttons with a preview each; ``preview(item)`` gives the preview's object URL or null. */
export function renderThumbs(target, items, { label, detail, selected, onSelect, preview }) {
  target.replaceChildren(
    ...items.map((item) => {
      const image = el("img", { alt: "", width: 64, height: 64, loading: "lazy" });
      const button = el(
        "button",
        {
          type: "button",
          class: "thumb",
          "aria-current": selected(item) ? "true" : false,
          onclick: () => onSelect(item),
        },
        el("span", { class: "preview" }, image),
        el("span", { class: "thumb-text" }, el("span", { class: "thumb-label", text: label(item) }), el("span", { class: "muted", text: detail(item) })),
      );
      preview(item).then((src) => {
        if (src) {
          image.src = src; // alt stays empty: the button's text names it
        } else {
          image.replaceWith(el("span", { class: "no-preview", "aria-hidden": "true", text: "—" }));
        }
      });
      return el("li", {}, button);
    }),
  );
}

export function setStages(target, states) {
  for (const item of target.querySelectorAll("li[data-stage]")) {
    const state = states[item.dataset.stage] || "waiting";
    item.dataset.state = state;
    item.setAttribute("aria-label", `${item.textContent}: ${state}`);
  }
}
