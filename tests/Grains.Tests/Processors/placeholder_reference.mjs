// The reference encoders on raw RGBA: node placeholder_reference.mjs FILE WIDTH HEIGHT COMPONENTS_X COMPONENTS_Y
// prints {"thumbhash": base64, "blurhash": string}. Run from the directory scripts/placeholder-reference.sh prints.
import { readFileSync } from 'node:fs';
import { rgbaToThumbHash } from './node_modules/thumbhash/thumbhash.js';
import blurhash from './node_modules/blurhash/dist/index.js';

const [file, width, height, componentsX, componentsY] = process.argv.slice(2);
const rgba = new Uint8ClampedArray(readFileSync(file));
console.log(JSON.stringify({
  thumbhash: Buffer.from(rgbaToThumbHash(+width, +height, rgba)).toString('base64'),
  blurhash: blurhash.encode(rgba, +width, +height, +componentsX, +componentsY),
}));
