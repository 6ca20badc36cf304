// Talking to the ai-designer API: the key (sessionStorage, sent as a header, never in a URL),
// JSON and file requests, problem documents as errors, and the design's WebSocket.

const KEY_STORAGE = "ai-designer.api-key";
const API = "api/v1/";

/** An error answer of the API (an RFC 7807 problem document), or a network failure. */
export class ApiError extends Error {
  constructor(status, detail, hint = "") {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.hint = hint;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function url(path, params = {}) {
  const target = new URL(API + path, document.baseURI);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) target.searchParams.set(name, String(value));
  }
  return target;
}

function headers(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, "X-API-Key": key } : extra;
}

async function problem(response) {
  let detail = `${response.status} ${response.statusText}`;
  let hint = "";
  try {
    const body = await response.json();
    if (body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    if (body.errors && body.errors.length) {
      detail += " " + body.errors.map((e) => `${e.loc.join(".")}: ${e.message}`).join("; ");
    }
    hint = body.hint || "";
  } catch {
    // not a problem document: the status line says enough
  }
  return new ApiError(response.status, detail, hint);
}

async function request(method, path, { params, body } = {}) {
  let response;
  try {
    response = await fetch(url(path, params), {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, "The server cannot be reached.", "Check that `ai-designer serve` is running.");
  }
  if (!response.ok) throw await problem(response);
  return response;
}

export async function getJson(path, params) {
  return (await request("GET", path, { params })).json();
}

export async function postJson(path, body) {
  return (await request("POST", path, { body })).json();
}

/** A file of a design: its bytes (as a Blob) and the name the server gave it. */
export async function getFile(designId, format, { view, revision } = {}) {
  const response = await request("GET", `design/${designId}/export`, {
    params: { format, view, revision },
  });
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), name: match ? match[1] : `${designId}.${format}` };
}

function base64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The design's event stream; the key goes as a WebSocket subprotocol, never in the URL. */
export function openEvents(designId) {
  const target = url(`ws/design/${designId}`);
  target.protocol = target.protocol === "https:" ? "wss:" : "ws:";
  const key = apiKey();
  return key ? new WebSocket(target, ["ai-designer", `api-key.${base64url(key)}`]) : new WebSocket(target);
}
