// The page: uploads with progress, the gallery (cursor paging as you scroll) and the detail view (#/images/<id>).
import * as api from './api.js';
import { el } from './dom.js';
import { resultCard, textOverlay, thumbnailUrl, viewableUrl } from './results.js';
import { withPlaceholder } from './placeholder.js';

const pageSize = 24;
const $ = (id) => document.getElementById(id);

const gallery = { cursor: null, more: true, loading: false, total: null, text: '' };
let limits = null;

function notify(message, kind = 'info') {
  const notice = $('notice');
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = !message;
}

// ---- uploads ----

function uploadFiles(files) {
  for (const file of files) uploadOne(file);
}

async function uploadOne(file) {
  const progress = el('progress', { max: 100, value: 0, 'aria-label': `Upload progress of ${file.name}` });
  const state = el('span', { class: 'upload-state' }, 'Sending…');
  const item = el('li', { class: 'upload', 'data-name': file.name },
    el('div', { class: 'upload-line' }, el('span', { class: 'upload-name' }, file.name), state), progress);
  $('uploads').prepend(item);
  const refuse = (label, message) => {
    progress.remove();
    item.dataset.state = 'refused';
    state.textContent = label;
    item.append(el('p', { class: 'refusal', role: 'alert' }, message));
  };

  // The service would cut a body this large off mid-send; say so in its own words instead.
  if (limits && file.size > limits.max_upload_bytes) {
    refuse('Refused', `File too large: The file is larger than the limit of ${limits.max_upload_bytes} bytes (MaxUploadBytes).`);
    return;
  }

  const sent = await api.uploadImage(file, (loaded, total) => {
    item.dataset.sent = String(loaded);
    progress.value = Math.round((loaded / total) * 100);
    state.textContent = `Sending… ${progress.value} %`;
  });
  if (!sent.ok) {
    refuse('Refused', sent.message);
    return;
  }

  progress.value = 100;
  item.dataset.state = 'processing';
  state.textContent = 'Processing…';
  // The upload's events: its card as soon as the inline results are in, the card again as deferred ones finish.
  let card = null;
  let finished = false;
  const show = (record) => {
    const next = resultCard(record);
    if (card) card.replaceWith(next);
    else item.append(next);
    card = next;
  };
  let shownFinished = 0;
  const done = await api.watchUpload(sent.body.id, async (event) => {
    const processors = Object.values(event.processors ?? {});
    const waiting = Object.entries(event.processors ?? {}).filter(([, p]) => p.state === 'pending').map(([name]) => name);
    if (event.status === 'pending') return;
    if (waiting.length > 0) state.textContent = `Done; still running: ${waiting.join(', ')}…`;
    const count = processors.filter((p) => p.state !== 'pending').length;
    if (count > shownFinished && !event.finished) {
      shownFinished = count;
      const answer = await api.getImage(event.id);
      if (answer.ok && !finished) show(answer.body);
    }
  });
  finished = true;
  if (!done.ok) {
    refuse('Error', done.message);
    return;
  }

  progress.remove();
  item.dataset.state = done.body.status;
  state.textContent = done.body.status === 'done' ? 'Done' : 'Failed';
  show(done.body);
  addToGallery(done.body, true);
}

function wireDropZone() {
  const zone = $('drop-zone');
  const input = $('file-input');
  input.addEventListener('change', () => {
    uploadFiles([...input.files]);
    input.value = '';
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    uploadFiles([...e.dataTransfer.files]);
  });
}

// ---- gallery ----

function tile(record, extra) {
  return el('li', { class: 'tile', 'data-id': record.id },
    el('a', { href: `#/images/${record.id}` },
      // The name is the link's text right below: the picture itself needs no second label.
      el('img', withPlaceholder(record, { src: thumbnailUrl(record), alt: '', loading: 'lazy' })),
      el('span', { class: 'tile-name' }, record.original_name),
      extra ? el('span', { class: 'tile-extra muted' }, extra) : null));
}

function addToGallery(record, newest) {
  const list = $('gallery');
  if (newest && gallery.text) return; // a new upload's text is read later: a search shows only what it found
  if (list.querySelector(`[data-id="${record.id}"]`)) return;
  if (newest) {
    list.prepend(tile(record));
    if (gallery.total !== null) setTotal(gallery.total + 1);
  } else {
    list.append(tile(record));
  }
  $('gallery-empty').hidden = true;
}

async function loadMore() {
  if (gallery.loading || !gallery.more) return;
  gallery.loading = true;
  const page = await api.listImages(gallery.cursor, pageSize, gallery.text);
  gallery.loading = false;
  if (!page.ok) {
    notify(page.message, 'error');
    return;
  }
  for (const record of page.body) addToGallery(record, false);
  const total = page.headers.get('X-Total-Count');
  if (total !== null) setTotal(Number(total));

  // The service says whether there is more (a page can hold fewer records than entries, e.g. one being deleted).
  const next = /<([^>]+)>;\s*rel="next-cursor"/.exec(page.headers.get('Link') ?? '');
  gallery.more = Boolean(next);
  gallery.cursor = next ? new URLSearchParams(next[1].split('?')[1]).get('before') : gallery.cursor;
  $('load-more').hidden = !gallery.more;
  $('gallery-empty').hidden = $('gallery').children.length > 0;

  // On a tall screen the end of the list can stay in view: the observer fires only on changes, so keep going.
  if (gallery.more && isInView($('gallery-end'))) loadMore();
}

function isInView(element) {
  const box = element.getBoundingClientRect();
  return !$('home-view').hidden && box.top < window.innerHeight + 400;
}

function setTotal(total) {
  gallery.total = total;
  $('gallery-count').textContent = `(${total})`;
}

// Searching the text in the images shows the matching uploads in the gallery, paged the same way; an empty search, all.
function wireSearch() {
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(gallery, { cursor: null, more: true, total: null, text: $('search-text').value.trim() });
    $('gallery').replaceChildren();
    $('gallery-heading-text').textContent = gallery.text ? `Images with “${gallery.text}”` : 'Gallery';
    $('gallery-empty').textContent = gallery.text ? 'No image has all these words in it.' : 'No images yet: upload one above.';
    loadMore();
  });
}

function wireGallery() {
  $('load-more').addEventListener('click', loadMore);
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && !$('home-view').hidden) loadMore();
  }, { rootMargin: '400px' }).observe($('gallery-end'));
}

// ---- detail ----

async function showDetail(id) {
  const body = $('detail-body');
  body.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  $('similar').replaceChildren();
  $('similar-message').textContent = '';
  $('looks').replaceChildren();
  $('looks-message').textContent = '';
  $('detail-heading').textContent = 'Image';

  const answer = await api.getImage(id);
  if (!answer.ok) {
    body.replaceChildren(el('p', { class: 'refusal', role: 'alert' }, answer.message));
    return;
  }
  const record = answer.body;
  $('detail-heading').textContent = record.original_name;
  body.replaceChildren(
    el('figure', { class: 'full-image' },
      el('a', { href: record.image_url, class: 'image-with-text' }, el('img', { src: viewableUrl(record), alt: record.original_name }), textOverlay(record)),
      el('figcaption', { class: 'muted' }, `Uploaded ${new Date(record.uploaded_at).toLocaleString()} · status ${record.status}`)),
    el('div', { class: 'actions' },
      el('a', { class: 'button secondary', href: record.image_url, download: record.original_name }, 'Download'),
      el('button', { type: 'button', class: 'danger', onclick: () => remove(record) }, 'Delete')),
    resultCard(record, 'Results'));

  const similar = await api.similarImages(id);
  if (!similar.ok) {
    $('similar-message').textContent = similar.message;
  } else if (similar.body.length === 0) {
    $('similar-message').textContent = 'No other image is within 10 bits of this one.';
  } else {
    $('similar').replaceChildren(...similar.body.map((r) => tile(r, `${r.distance} bits apart`)));
  }

  const looks = await api.lookAlikes(id);
  if (!looks.ok) {
    $('looks-message').textContent = looks.status === 409
      ? 'Not compared yet: what an image looks like is worked out after its upload (or the Visual Embedding processor is off).'
      : looks.message;
  } else if (looks.body.length === 0) {
    $('looks-message').textContent = 'No other image to compare with yet.';
  } else {
    $('looks').replaceChildren(...looks.body.map((r) => tile(r, `${Math.round(r.similarity * 100)} % alike`)));
  }
}

async function remove(record) {
  if (!confirm(`Delete ${record.original_name}? Its results and (unless another upload has the same bytes) the file are removed.`)) return;
  const answer = await api.deleteImage(record.id);
  if (!answer.ok) {
    notify(answer.message, 'error');
    return;
  }
  const removed = $('gallery').querySelector(`[data-id="${record.id}"]`);
  if (removed) {
    // The cursor must name an image that still exists: step back to the tile before it.
    if (gallery.cursor === record.id) gallery.cursor = removed.previousElementSibling?.dataset.id ?? null;
    removed.remove();
    if (gallery.total !== null) setTotal(Math.max(0, gallery.total - 1));
  }
  notify(`Deleted ${record.original_name}.`);
  location.hash = '#/';
}

// ---- routing ----

function route() {
  const match = /^#\/images\/([0-9a-f]{32})$/.exec(location.hash);
  $('home-view').hidden = Boolean(match);
  $('detail-view').hidden = !match;
  if (match) {
    notify('');
    showDetail(match[1]);
    $('main').focus();
  }
}

function wireSettings() {
  const input = $('api-key');
  input.value = api.apiKey();
  input.addEventListener('change', () => api.setApiKey(input.value.trim()));
}

async function loadLimits() {
  const answer = await api.getLimits();
  if (!answer.ok) return;
  limits = answer.body;
  $('accepted-formats').textContent = limits.allowed_formats.join(', ');
}

wireSettings();
loadLimits();
wireDropZone();
wireGallery();
wireSearch();
window.addEventListener('hashchange', route);
route();
loadMore();
