// The result card: every processor's result shown the way a person reads it.
import { placeholderUrl } from './placeholder.js';
import { el, svg, formatBytes } from './dom.js';

const known = {
  'Average Pixel Value': averagePixel,
  'Format and Dimensions': formatAndDimensions,
  EXIF: exif,
  Histogram: histogram,
  'Dominant Colours': dominantColours,
  'Perceptual Hash': perceptualHash,
  Sharpness: sharpness,
  Thumbnail: thumbnail,
  Placeholder: placeholder,
  Text: recognisedText,
  'Visual Embedding': visualEmbedding,
};

/** The results object of a record (uploads answer `result`, history items `results`). */
export function resultsOf(record) {
  return record.result ?? record.results ?? {};
}

export function thumbnailUrl(record) {
  return resultsOf(record).Thumbnail?.url ?? record.image_url;
}

// Browsers show neither HEIC, JPEG XL nor TIFF: the detail view shows their thumbnail (JPEG, or PNG with alpha).
const browserFormats = new Set(['PNG', 'JPEG', 'GIF', 'BMP', 'WEBP', 'AVIF']);

/** What the detail view can show of the upload: the file itself, or its thumbnail for formats browsers cannot show. */
export function viewableUrl(record) {
  return browserFormats.has(record.format) ? record.image_url : thumbnailUrl(record);
}

/** The card; `title` replaces the linked file name as its heading (the detail view already names the file). */
export function resultCard(record, title) {
  const results = resultsOf(record);
  const sections = [];
  for (const [name, value] of Object.entries(results)) {
    if (name === 'errors' || name === 'Thumbnail') continue;
    const render = known[name] ?? rawJson;
    sections.push(el('section', { class: 'result', 'data-processor': name }, el('h3', {}, name), render(value)));
  }
  const errors = Object.entries(results.errors ?? {});
  return el('article', { class: 'card', 'data-status': record.status, 'aria-label': `Results for ${record.original_name}` },
    el('div', { class: 'card-head' },
      title ? null : el('a', { href: `#/images/${record.id}`, class: 'card-thumb' },
        el('img', { src: thumbnailUrl(record), alt: `Thumbnail of ${record.original_name}`, loading: 'lazy' })),
      el('div', {},
        el('h2', { class: 'card-title' }, title ?? el('a', { href: `#/images/${record.id}` }, record.original_name)),
        el('p', { class: 'muted' }, `${record.format} · ${record.width} × ${record.height} · ${formatBytes(record.size_bytes)}`),
        record.deduplicated ? el('p', { class: 'muted' }, 'Same bytes as an earlier upload: results reused.') : null)),
    errors.length > 0
      ? el('div', { class: 'errors', role: 'alert' },
        el('h3', {}, record.status === 'failed' ? 'Processing failed' : 'Some processors failed'),
        el('ul', {}, errors.map(([name, message]) => el('li', {}, el('strong', {}, `${name}: `), message))))
      : null,
    el('div', { class: 'results' }, sections));
}

function averagePixel(value) {
  const level = value < 64 ? 'dark' : value < 128 ? 'dim' : value < 192 ? 'bright' : 'very bright';
  return el('p', {}, el('span', { class: 'figure' }, value.toFixed(1)), ` of 255: a ${level} image (mean of every channel of every pixel).`);
}

function formatAndDimensions(value) {
  return definitions([
    ['Format', `${value.format} (${value.mime_type})`],
    ['Size', `${value.width} × ${value.height} px`],
    ['Frames', value.frame_count],
    ['Bits per pixel', value.bits_per_pixel],
    ['Transparency', value.has_alpha ? 'yes' : 'no'],
  ]);
}

const exifLabels = {
  make: 'Camera maker', model: 'Camera model', lens: 'Lens', software: 'Software', captured_at: 'Captured',
  exposure_time: 'Exposure (s)', f_number: 'Aperture (f/)', iso: 'ISO', focal_length_mm: 'Focal length (mm)', orientation: 'Orientation',
};

function exif(value) {
  if (!value.present) return el('p', { class: 'muted' }, 'No EXIF data in this file.');
  const rows = Object.entries(exifLabels).filter(([key]) => value[key] !== undefined).map(([key, label]) => [label, value[key]]);
  rows.push(['GPS position', value.gps ? `${value.gps.latitude}, ${value.gps.longitude}` : value.gps_present ? 'present (not shown)' : 'none']);
  return el('table', { class: 'exif' },
    el('caption', { class: 'visually-hidden' }, 'EXIF tags'),
    el('tbody', {}, rows.map(([label, text]) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, text)))));
}

function histogram(value) {
  const width = 256;
  const height = 80;
  const channels = [['red', '#d62728'], ['green', '#2ca02c'], ['blue', '#1f77b4'], ['luminance', '#555']];
  const peak = Math.max(1, ...channels.flatMap(([name]) => value[name] ?? []));
  const step = width / Math.max(1, value.bins - 1);
  const lines = channels.filter(([name]) => value[name]).map(([name, colour]) => svg('polyline', {
    points: value[name].map((count, i) => `${(i * step).toFixed(1)},${(height - (count / peak) * height).toFixed(1)}`).join(' '),
    fill: 'none', stroke: colour, 'stroke-width': name === 'luminance' ? 2 : 1.5, 'stroke-dasharray': name === 'luminance' ? '4 2' : '',
  }));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'histogram', role: 'img', 'aria-label': `Histogram: ${value.bins} bins over ${value.pixel_count} pixels for red, green, blue and luminance, dark on the left` }, ...lines);
  return el('figure', {}, chart, el('figcaption', { class: 'muted' }, `${value.bins} bins, ${value.pixel_count.toLocaleString('en')} pixels; red, green, blue and luminance (dashed), dark → light.`));
}

function dominantColours(value) {
  return el('ul', { class: 'swatches' }, value.colours.map((colour) => {
    const percent = `${(colour.share * 100).toFixed(1)} %`;
    const chip = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    chip.style.backgroundColor = colour.hex;
    return el('li', { class: 'swatch-item', 'data-hex': colour.hex }, chip, el('code', {}, colour.hex), el('span', { class: 'muted' }, percent));
  }));
}

function perceptualHash(value) {
  const code = el('code', { class: 'hash' }, value);
  const status = el('span', { class: 'muted', role: 'status' });
  const copy = el('button', {
    type: 'button', class: 'secondary small', 'aria-label': 'Copy the perceptual hash',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        status.textContent = 'Copied.';
      } catch {
        getSelection().selectAllChildren(code);
        status.textContent = 'Selected: press Ctrl+C to copy.';
      }
    },
  }, 'Copy');
  return el('p', {}, code, ' ', copy, ' ', status, el('br'), el('span', { class: 'muted' }, 'Similar pictures have hashes a few bits apart.'));
}

function sharpness(value) {
  return el('p', {},
    el('span', { class: 'figure' }, value.laplacian_variance.toFixed(1)),
    ` Laplacian variance: ${value.blurry ? 'blurry' : 'sharp'}`,
    el('br'), el('span', { class: 'muted' }, 'Higher means more fine detail and edges; low values suggest blur or a flat picture.'));
}

function thumbnail(value) {
  return el('p', {}, `${value.width} × ${value.height} ${value.format}`);
}

// The decoded ThumbHash as a small picture, and both hashes as text to copy into a front end.
function placeholder(value) {
  const url = placeholderUrl({ result: { Placeholder: value } });
  return el('div', { class: 'placeholder' },
    url ? el('img', { src: url, alt: 'The blurred placeholder decoded from the ThumbHash', class: 'placeholder-preview' }) : null,
    definitions([['ThumbHash', el('code', { class: 'placeholder-hash' }, value.thumbhash)], ['BlurHash', el('code', { class: 'placeholder-hash' }, value.blurhash)]]));
}

// The text read in the image, selectable, line by line with how sure the reader is.
function recognisedText(value) {
  if (!value.lines.length) return el('p', { class: 'muted' }, 'No text found in this image.');
  return el('div', {},
    el('p', { class: 'recognised-text' }, value.lines.map((line) => el('span', { class: 'text-line', title: `${Math.round(line.confidence * 100)} % sure` }, line.text))),
    el('p', { class: 'muted' }, `${value.lines.length} line${value.lines.length === 1 ? '' : 's'}, outlined on the image above; select the text to copy it.`));
}

function visualEmbedding(value) {
  return el('p', {}, `${value.dimensions} numbers from ${value.model}.`, el('br'),
    el('span', { class: 'muted' }, 'What the picture looks like to a network trained on photographs: "Looks like" below lists the nearest.'));
}

/**
 * An outline over the detail view's image for each line of text read in it. The boxes are in the upright image's
 * pixels, and browsers show images upright (EXIF orientation applied), so one viewBox of the upright size fits.
 */
export function textOverlay(record) {
  const results = resultsOf(record);
  const lines = results.Text?.lines ?? [];
  if (!lines.length) return null;
  const turned = (results.EXIF?.orientation ?? 1) >= 5;
  const [width, height] = turned ? [record.height, record.width] : [record.width, record.height];
  return svg('svg', { class: 'text-overlay', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' },
    ...lines.map(({ box: [x, y, w, h] }) => svg('rect', { x, y, width: w, height: h, 'vector-effect': 'non-scaling-stroke' })));
}

function definitions(rows) {
  return el('dl', { class: 'pairs' }, rows.flatMap(([term, text]) => [el('dt', {}, term), el('dd', {}, text)]));
}

function rawJson(value) {
  return el('pre', {}, JSON.stringify(value, null, 2));
}
