// Calls to the ImgProcess HTTP API. Every failure becomes { ok: false, status, message } with the
// service's own words: {error, details} (Flask contract) or problem+json {title, detail}.

const apiKeyStorage = 'imgprocess.apiKey';

export function apiKey() {
  return localStorage.getItem(apiKeyStorage) ?? '';
}

export function setApiKey(value) {
  if (value) localStorage.setItem(apiKeyStorage, value);
  else localStorage.removeItem(apiKeyStorage);
}

function headers() {
  const key = apiKey();
  return key ? { 'X-Api-Key': key } : {};
}

function parse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A person-readable sentence for a refused call. */
export function describeFailure(status, body, retryAfter) {
  const title = body?.error ?? body?.title;
  const detail = body?.details ?? body?.detail;
  let message = title && detail ? `${title}: ${detail}` : title ?? detail;
  if (!message) {
    message = status === 0 ? 'The service could not be reached.' : `The service answered ${status}.`;
  }
  if (retryAfter && !/retry after/i.test(message)) message += ` Retry after ${retryAfter} s.`;
  return message;
}

async function call(method, url) {
  let response;
  try {
    response = await fetch(url, { method, headers: { Accept: 'application/json', ...headers() } });
  } catch {
    return { ok: false, status: 0, message: describeFailure(0, null) };
  }
  const body = response.status === 204 ? null : parse(await response.text());
  if (!response.ok) {
    return { ok: false, status: response.status, message: describeFailure(response.status, body, response.headers.get('Retry-After')) };
  }
  return { ok: true, status: response.status, body, headers: response.headers };
}

export const getLimits = () => call('GET', '/limits');
export const getImage = (id) => call('GET', `/images/${encodeURIComponent(id)}`);
export const deleteImage = (id) => call('DELETE', `/images/${encodeURIComponent(id)}`);
export const similarImages = (id) => call('GET', `/images/${encodeURIComponent(id)}/similar`);
export const lookAlikes = (id) => call('GET', `/images/${encodeURIComponent(id)}/similar?by=look&limit=12`);

/** One page of the history, newest first; `before` is the id of the last item already shown; `text` keeps those with these words. */
export function listImages(before, count, text) {
  const query = new URLSearchParams({ count: String(count) });
  if (before) query.set('before', before);
  if (text) query.set('text', text);
  return call('GET', `/images?${query}`);
}

/**
 * Uploads one file without waiting for its processing (wait=false: 202 and the pending record).
 * XMLHttpRequest because fetch cannot report the bytes sent.
 */
export function uploadImage(file, onProgress) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/images?wait=false');
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.setRequestHeader('Accept', 'application/json');
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    request.addEventListener('load', () => {
      const body = parse(request.responseText);
      if (request.status >= 200 && request.status < 300) {
        resolve({ ok: true, status: request.status, body });
      } else {
        resolve({ ok: false, status: request.status, message: describeFailure(request.status, body, request.getResponseHeader('Retry-After')) });
      }
    });
    request.addEventListener('error', () => resolve({ ok: false, status: 0, message: describeFailure(0, null) }));
    const form = new FormData();
    form.append('image', file, file.name);
    request.send(form);
  });
}

/**
 * Follows an upload's event stream (GET /images/{id}/events, read with fetch so the API key header goes along):
 * calls onState with each state event's data and resolves with the record of the done event. A stream that breaks off
 * falls back to polling the record until it is no longer pending.
 */
export async function watchUpload(id, onState) {
  try {
    const response = await fetch(`/images/${encodeURIComponent(id)}/events`, { headers: headers() });
    if (!response.ok || !response.body) return waitUntilProcessed(id);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.*)$/m.exec(block)?.[1];
        const data = parse(/^data: (.*)$/m.exec(block)?.[1] ?? '');
        if (name === 'state' && data) onState(data);
        if (name === 'done' && data) return { ok: true, status: 200, body: data };
      }
    }
  } catch {
    // fall through to polling
  }
  return waitUntilProcessed(id);
}

/** Polls the record until it is no longer pending (done or failed), backing off to one poll a second. */
export async function waitUntilProcessed(id, signal) {
  let delay = 150;
  for (;;) {
    const answer = await getImage(id);
    if (!answer.ok || answer.body.status !== 'pending' || signal?.aborted) return answer;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 1000);
  }
}
