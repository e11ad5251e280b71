// The REST client: every request goes to /v1 on this origin. When the server answers 401 the
// key form is shown, and the request is sent again once with the key that was entered.
const KEY = 'attnrec.key';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function getKey() {
  return sessionStorage.getItem(KEY);
}

export function setKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

let pendingKey = null;

/** Shows the key form; resolves with the key entered, rejects when cancelled. */
export function askKey(message) {
  if (pendingKey) return pendingKey.promise;
  const panel = document.getElementById('key-panel');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  document.getElementById('key-message').textContent = message || 'This server needs an API key.';
  panel.hidden = false;
  input.value = '';
  input.focus();
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  pendingKey = { promise };
  const done = () => {
    panel.hidden = true;
    form.removeEventListener('submit', onSubmit);
    document.getElementById('key-cancel').removeEventListener('click', onCancel);
    pendingKey = null;
  };
  const onSubmit = (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    setKey(key);
    done();
    resolve(key);
  };
  const onCancel = () => {
    done();
    reject(new ApiError(401, 'unauthorized', 'no API key given'));
  };
  form.addEventListener('submit', onSubmit);
  document.getElementById('key-cancel').addEventListener('click', onCancel);
  return promise;
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  const key = getKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  const init = { method, headers };
  if (method !== 'GET') {
    // Writes are JSON, even without a body (a server may refuse other content types).
    headers['Content-Type'] = 'application/json';
    if (body !== undefined) init.body = JSON.stringify(body);
  }
  return fetch(path, init);
}

export async function request(method, path, body) {
  let res = await send(method, path, body);
  if (res.status === 401) {
    const err = await res.json().catch(() => ({}));
    await askKey(getKey() ? 'The key was refused: ' + (err.message || 'unauthorized') : err.message);
    res = await send(method, path, body);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    throw new ApiError(res.status, json && json.error || 'http_' + res.status,
      json && json.message || text || res.statusText);
  }
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);

/** A query string from an object, skipping empty values. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

export const enc = encodeURIComponent;
