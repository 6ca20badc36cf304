// The page: a request in, live progress, the part in 3D, its checks, plan, tree and parameters,
// downloads, and the history of designs and revisions.

import { ApiError, apiKey, getFile, getJson, openEvents, postJson, setApiKey } from "./api.js";
import {
  STAGES,
  changedParameters,
  currentRevision,
  earlierRevision,
  el,
  hasModel,
  mm,
  renderChecks,
  renderDownloads,
  renderParameters,
  renderReadback,
  renderSummary,
  renderThumbs,
  renderTree,
  setStages,
} from "./panels.js";
import { Viewer } from "./viewer.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;

const page = {
  designId: null,
  view: null, // the design as GET returns it
  revisions: [], // its revisions, newest first, in one shape (panels.currentRevision)
  shown: null, // the revision on screen
  watching: null, // the WebSocket of the run being followed
  previews: new Map(), // "<id>/<revision>" -> object URL (or null: none)
};

const viewer = new Viewer($("viewer"));

// ---------------------------------------------------------------- messages

function showMessage(kind, title, lines = []) {
  const box = $("message");
  box.className = `message ${kind}`;
  box.replaceChildren(el("strong", { text: title }), ...lines.map((line) => el("p", { text: line })));
  box.hidden = false;
}

function clearMessage() {
  $("message").hidden = true;
  $("message").replaceChildren();
}

function showError(error) {
  if (error instanceof ApiError && error.status === 401) {
    askForKey(error.detail);
    showMessage("error", "This server needs an API key.", [error.detail]);
    return;
  }
  const detail = error instanceof ApiError ? error.detail : error.message;
  showMessage("error", "Something went wrong.", [detail, error.hint || ""].filter(Boolean));
}

// ---------------------------------------------------------------- API key

function askForKey(reason) {
  $("key-reason").textContent = reason || "This server may need an API key. It is kept in this tab only (sessionStorage).";
  $("key-input").value = apiKey();
  if (!$("key-dialog").open) $("key-dialog").showModal();
  $("key-input").focus();
}

$("key-button").addEventListener("click", () => askForKey());
$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const choice = event.submitter ? event.submitter.value : "save";
  if (choice === "save") setApiKey($("key-input").value.trim());
  if (choice === "forget") setApiKey("");
  $("key-input").value = "";
  $("key-dialog").close();
  updateKeyButton();
  if (choice !== "cancel") {
    clearMessage();
    refreshDesigns();
  }
});

function updateKeyButton() {
  $("key-button").textContent = apiKey() ? "API key (set)" : "API key";
}

// ---------------------------------------------------------------- progress

function resetProgress() {
  setStages($("stages"), {});
  $("events").replaceChildren();
}

function onEvent(event, stages) {
  if (event.kind === "stage_started") {
    for (const stage of STAGES) if (stages[stage] === "running") stages[stage] = "done";
    stages[event.stage] = "running";
  } else if (event.kind === "design_completed") {
    for (const stage of STAGES) stages[stage] = "done";
  } else if (event.kind === "design_failed" || event.kind === "validation_failed") {
    if (STAGES.includes(event.stage)) stages[event.stage] = "failed";
  } else if (["plan_generated", "script_generated", "execution_completed", "validation_passed"].includes(event.kind)) {
    stages[event.stage] = event.kind === "execution_completed" && !event.data.ok ? "failed" : "done";
  }
  setStages($("stages"), stages);
  if (event.kind === "validation_passed" || event.kind === "validation_failed") {
    renderChecks($("checks"), event.data.checks || []);
  }
  if (event.kind !== "design_exported") {
    const attempt = event.iteration > 1 ? ` (attempt ${event.iteration})` : "";
    $("events").append(el("li", { "data-kind": event.kind, text: `r${event.revision} ${event.message}${attempt}` }));
    $("events").scrollTop = $("events").scrollHeight;
  }
}

/** Follow the design's run on its WebSocket (polling when that fails), then load it. */
function watch(designId) {
  if (page.watching) page.watching.close();
  resetProgress();
  $("connection").textContent = "Working…";
  const stages = {};
  let socket;
  try {
    socket = openEvents(designId);
  } catch (error) {
    pollUntilDone(designId);
    return;
  }
  page.watching = socket;
  let ended = false;
  socket.addEventListener("message", (message) => {
    const event = JSON.parse(message.data);
    if (event.revision >= page.view.revision) onEvent(event, stages); // this run only, not the history
  });
  socket.addEventListener("close", (close) => {
    if (page.watching === socket) page.watching = null;
    if (ended || page.designId !== designId) return;
    ended = true;
    if (close.code === 1000) {
      openDesign(designId, { follow: false });
    } else if (close.code === 4401) {
      askForKey(close.reason);
      $("connection").textContent = "";
    } else {
      pollUntilDone(designId);
    }
  });
}

async function pollUntilDone(designId) {
  try {
    const view = await getJson(`design/${designId}`);
    if (view.running && page.designId === designId) {
      setTimeout(() => pollUntilDone(designId), POLL_MS);
      return;
    }
  } catch (error) {
    showError(error);
    return;
  }
  openDesign(designId, { follow: false });
}

// ---------------------------------------------------------------- designs

async function preview(designId, revision) {
  const key = `${designId}/${revision}`;
  if (!page.previews.has(key)) {
    page.previews.set(
      key,
      getFile(designId, "png", { view: "iso", revision })
        .then(({ blob }) => URL.createObjectURL(blob))
        .catch(() => null),
    );
  }
  return page.previews.get(key);
}

async function refreshDesigns() {
  let list;
  try {
    list = await getJson("designs", { limit: 30 });
  } catch (error) {
    showError(error);
    return;
  }
  $("designs-empty").hidden = list.designs.length > 0;
  renderThumbs($("designs"), list.designs, {
    label: (item) => item.original_request,
    detail: (item) => `${item.status.replace("_", " ")} · revision ${item.revision}`,
    selected: (item) => item.design_id === page.designId,
    onSelect: (item) => {
      location.hash = `design=${item.design_id}`;
    },
    preview: (item) => (hasModel(item) ? preview(item.design_id, item.revision) : Promise.resolve(null)),
  });
}

async function loadRevisions(view) {
  const revisions = [currentRevision(view)];
  let before;
  do {
    const page_ = await getJson(`design/${view.design_id}/history`, { limit: 50, before });
    revisions.push(...page_.revisions.map(earlierRevision));
    before = page_.next_before;
  } while (before);
  return revisions;
}

/** Load a design and show it; with ``follow``, watch its run first when one is going on. */
async function openDesign(designId, { follow = true } = {}) {
  const switching = page.designId !== designId;
  page.designId = designId;
  let view;
  try {
    view = await getJson(`design/${designId}`);
  } catch (error) {
    showError(error);
    return;
  }
  if (switching) {
    clearMessage();
    viewer.clear();
    page.shown = null;
  }
  page.view = view;
  $("refine-button").disabled = view.running;
  if (view.running && follow) {
    renderRunning(view);
    watch(designId);
    refreshDesigns();
    return;
  }
  if (view.running) {
    pollUntilDone(designId);
    return;
  }
  $("connection").textContent = "";
  if (switching || !$("events").children.length) showHistoryOfRun(designId);
  try {
    page.revisions = await loadRevisions(view);
  } catch (error) {
    showError(error);
    return;
  }
  const current = page.revisions[0];
  const withModel = page.revisions.find(hasModel);
  $("refine-button").disabled = !page.revisions.some((r) => r.status === "completed");
  explain(current, withModel);
  await showRevision(hasModel(current) || !withModel ? current : withModel);
  refreshDesigns();
}

/** The events of a finished design's last run, for the progress panel. */
async function showHistoryOfRun(designId) {
  try {
    const trail = await getJson(`design/${designId}/audit`);
    resetProgress();
    const stages = {};
    const last = trail.events.length ? trail.events[trail.events.length - 1].revision : 1;
    for (const event of trail.events) if (event.revision === last) onEvent(event, stages);
  } catch {
    // the panels say enough without it
  }
}

function renderRunning(view) {
  clearMessage();
  renderSummary($("summary"), view, currentRevision(view));
  renderChecks($("checks"), []);
}

/** The message for how the current run ended (refusal, needs review, failure). */
function explain(current, withModel) {
  if (current.status === "failed" || current.status === "cancelled") {
    const error = current.error || { message: `The run ${current.status}.`, hint: "" };
    const refused = error.type === "PlanningError" || error.type === "InvalidTaskGraphError";
    const title = refused ? `Could not plan “${current.request}”` : `Revision ${current.number} ${current.status}`;
    const lines = [error.message, error.hint];
    if (withModel) lines.push(`Showing revision ${withModel.number}, the last one with a model.`);
    showMessage("error", title, lines.filter(Boolean));
  } else if (current.status === "needs_review") {
    const failed = current.checks.filter((check) => !check.passed);
    const lines = failed.map((check) => `${check.name}: expected ${check.expected || "—"}, got ${check.actual || "—"}${check.detail ? ` (${check.detail})` : ""}`);
    for (const issue of current.issues.filter((i) => i.severity === "error")) lines.push(issue.message);
    showMessage("warning", "Built, but it does not match the plan: needs review.", lines);
  } else {
    clearMessage();
  }
}

async function showRevision(revision) {
  page.shown = revision;
  const view = page.view;
  const lastCompleted = page.revisions.find((r) => r.status === "completed");
  renderSummary($("summary"), view, revision);
  renderChecks($("checks"), revision.checks, revision.issues);
  renderReadback($("readback"), revision.readback);
  renderTree($("tree"), revision.tree);
  renderParameters($("params"), view.parameters, !view.running);
  $("params-apply").disabled = view.running || !view.parameters.some((p) => p.editable);
  renderDownloads($("downloads"), hasModel(revision), (format) =>
    download(format, revision === lastCompleted ? undefined : revision.number),
  );
  renderThumbs($("revisions"), page.revisions, {
    label: (item) => `Revision ${item.number}: ${item.request}`,
    detail: (item) => item.status.replace("_", " "),
    selected: (item) => item.number === revision.number,
    onSelect: (item) => showRevision(item),
    preview: (item) => (hasModel(item) ? preview(view.design_id, item.number) : Promise.resolve(null)),
  });
  $("showing").textContent = `Showing revision ${revision.number} of design ${view.design_id}.`;
  if (!hasModel(revision)) {
    viewer.clear();
    showEmptyViewer(true);
    $("bbox").textContent = "";
    return;
  }
  try {
    const { blob } = await getFile(view.design_id, "glb", { revision: revision.number });
    const size = await viewer.load(await blob.arrayBuffer());
    showEmptyViewer(false);
    $("bbox").textContent = `Bounding box ${size.map(mm).join(" × ")} mm`;
    $("viewer").dataset.loaded = `${view.design_id}/${revision.number}`;
  } catch (error) {
    viewer.clear();
    showEmptyViewer(true, "No 3D model was kept for this revision.");
  }
}

function showEmptyViewer(empty, text) {
  $("viewer-empty").hidden = !empty;
  if (text) $("viewer-empty").textContent = text;
}

async function download(format, revision) {
  try {
    const { blob, name } = await getFile(page.designId, format, { revision });
    const link = el("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
    document.body.append(link);
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  } catch (error) {
    showError(error);
  }
}

// ---------------------------------------------------------------- actions

async function start(request) {
  clearMessage();
  try {
    const accepted = await request();
    if (location.hash === `#design=${accepted.design_id}`) openDesign(accepted.design_id);
    else location.hash = `design=${accepted.design_id}`;
  } catch (error) {
    showError(error);
  }
}

$("prompt-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const prompt = $("prompt").value.trim();
  if (!prompt) {
    showMessage("error", "Describe the part first.", ['For example: "a 20 mm cube with 2 mm fillets".']);
    $("prompt").focus();
    return;
  }
  start(() => postJson("design", { prompt }));
});

$("prompt").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("prompt-form").requestSubmit();
});

$("refine-button").addEventListener("click", () => {
  const change = $("prompt").value.trim();
  if (!page.designId || !change) {
    showMessage("error", "Write the change first.", ['For example: "make it 10 mm thick".']);
    $("prompt").focus();
    return;
  }
  start(() => postJson(`design/${page.designId}/refine`, { change }));
});

$("params-form").addEventListener("submit", (event) => {
  event.preventDefault();
  let values;
  try {
    values = changedParameters($("params"));
  } catch (error) {
    showMessage("error", error.message);
    return;
  }
  if (!Object.keys(values).length) {
    showMessage("error", "No parameter was changed.", ["Change a value, then apply."]);
    return;
  }
  start(() => postJson(`design/${page.designId}/parameters`, { values }));
});

$("fit-button").addEventListener("click", () => viewer.fit());
$("section-toggle").addEventListener("change", (event) => {
  const on = event.target.checked;
  for (const id of ["section-axis", "section-position", "section-flip"]) $(id).disabled = !on;
  viewer.setSection({ on });
});
$("section-axis").addEventListener("change", (event) => viewer.setSection({ axis: event.target.value }));
$("section-position").addEventListener("input", (event) =>
  viewer.setSection({ fraction: Number(event.target.value) / 1000 }),
);
$("section-flip").addEventListener("change", (event) => viewer.setSection({ flip: event.target.checked }));
$("refresh-designs").addEventListener("click", () => refreshDesigns());

function route() {
  const match = /^#design=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  if (match) openDesign(match[1]);
}

window.addEventListener("hashchange", route);
updateKeyButton();
refreshDesigns();
route();
