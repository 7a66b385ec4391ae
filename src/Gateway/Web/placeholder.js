// The blurred preview a tile shows while its thumbnail loads: the upload's ThumbHash (the Placeholder processor's
// result) decoded here into a 32-pixel image, as the format defines it: average colour and scales in a 5-byte header
// (6 with alpha), then one nibble per DCT frequency of the luminance, two colour-difference and alpha channels.

function decodeThumbHash(hash) {
  const header24 = hash[0] | (hash[1] << 8) | (hash[2] << 16);
  const header16 = hash[3] | (hash[4] << 8);
  const lDc = (header24 & 63) / 63;
  const pDc = ((header24 >> 6) & 63) / 31.5 - 1;
  const qDc = ((header24 >> 12) & 63) / 31.5 - 1;
  const lScale = ((header24 >> 18) & 31) / 31;
  const hasAlpha = header24 >> 23;
  const pScale = ((header16 >> 3) & 63) / 63;
  const qScale = ((header16 >> 9) & 63) / 63;
  const landscape = header16 >> 15;
  const lx = Math.max(3, landscape ? (hasAlpha ? 5 : 7) : header16 & 7);
  const ly = Math.max(3, landscape ? header16 & 7 : (hasAlpha ? 5 : 7));
  const aDc = hasAlpha ? (hash[5] & 15) / 15 : 1;
  const aScale = (hash[5] >> 4) / 15;
  let index = 0;
  const start = hasAlpha ? 6 : 5;
  const channel = (nx, ny, scale) => {
    const ac = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++, index++) {
        ac.push((((hash[start + (index >> 1)] >> ((index & 1) << 2)) & 15) / 7.5 - 1) * scale);
      }
    }
    return ac;
  };
  const lAc = channel(lx, ly, lScale);
  const pAc = channel(3, 3, pScale * 1.25);
  const qAc = channel(3, 3, qScale * 1.25);
  const aAc = hasAlpha ? channel(5, 5, aScale) : [];

  const ratio = lx / ly;
  const w = Math.round(ratio > 1 ? 32 : 32 * ratio);
  const h = Math.round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8ClampedArray(w * h * 4);
  const terms = (ac, nx, ny, fx, fy) => {
    let sum = 0;
    for (let cy = 0, j = 0; cy < ny; cy++) {
      for (let cx = cy ? 0 : 1; cx * ny < nx * (ny - cy); cx++, j++) sum += ac[j] * fx[cx] * fy[cy] * 2;
    }
    return sum;
  };
  for (let y = 0; y < h; y++) {
    const fy = Array.from({ length: 7 }, (_, c) => Math.cos((Math.PI / h) * (y + 0.5) * c));
    for (let x = 0; x < w; x++) {
      const fx = Array.from({ length: 7 }, (_, c) => Math.cos((Math.PI / w) * (x + 0.5) * c));
      const l = lDc + terms(lAc, lx, ly, fx, fy);
      const p = pDc + terms(pAc, 3, 3, fx, fy);
      const q = qDc + terms(qAc, 3, 3, fx, fy);
      const a = aDc + (hasAlpha ? terms(aAc, 5, 5, fx, fy) : 0);
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const at = (y * w + x) * 4;
      rgba.set([255 * r, 255 * (r - q), 255 * b, 255 * a], at);
    }
  }
  return { w, h, rgba };
}

/** A data URL of the upload's placeholder, or null when it has none (older uploads, the processor turned off). */
export function placeholderUrl(record) {
  const thumbhash = (record.result ?? record.results ?? {}).Placeholder?.thumbhash;
  if (!thumbhash) return null;
  try {
    const { w, h, rgba } = decodeThumbHash(Uint8Array.from(atob(thumbhash), (c) => c.charCodeAt(0)));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    canvas.getContext('2d').putImageData(new ImageData(rgba, w, h), 0, 0);
    return canvas.toDataURL();
  } catch {
    return null;
  }
}

/** The attributes that show the placeholder behind an image until it has loaded. */
export function withPlaceholder(record, attributes) {
  const url = placeholderUrl(record);
  if (!url) return attributes;
  return {
    ...attributes,
    class: [attributes.class, 'has-placeholder'].filter(Boolean).join(' '),
    style: `background-image: url("${url}")`,
    onload: (e) => e.target.style.removeProperty('background-image'),
  };
}
