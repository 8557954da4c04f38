// A minimal PNG decoder for the tests (8-bit RGB or RGBA, non-interlaced, as resvg writes):
// IHDR, the IDAT chunks inflated, the scanline filters undone. Independent of the renderer.
import { inflateSync } from 'node:zlib';

export interface Image {
  largeur: number;
  hauteur: number;
  /** Channels per pixel (3 or 4). */
  canaux: number;
  pixels: Uint8Array;
}

export function decoderPng(png: Buffer): Image {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('signature PNG absente');
  let o = 8;
  let largeur = 0,
    hauteur = 0,
    canaux = 0;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const n = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + n);
    if (type === 'IHDR') {
      largeur = data.readUInt32BE(0);
      hauteur = data.readUInt32BE(4);
      const profondeur = data[8],
        couleur = data[9],
        entrelace = data[12];
      if (profondeur !== 8 || entrelace !== 0 || (couleur !== 6 && couleur !== 2))
        throw new Error(`PNG non géré (profondeur ${profondeur}, couleur ${couleur})`);
      canaux = couleur === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + n;
  }
  const brut = inflateSync(Buffer.concat(idat));
  const ligne = largeur * canaux;
  const pixels = new Uint8Array(ligne * hauteur);
  for (let y = 0; y < hauteur; y++) {
    const filtre = brut[y * (ligne + 1)]!;
    const src = brut.subarray(y * (ligne + 1) + 1, (y + 1) * (ligne + 1));
    const dst = pixels.subarray(y * ligne, (y + 1) * ligne);
    const haut = y > 0 ? pixels.subarray((y - 1) * ligne, y * ligne) : new Uint8Array(ligne);
    for (let i = 0; i < ligne; i++) {
      const a = i >= canaux ? dst[i - canaux]! : 0;
      const b = haut[i]!;
      const c = i >= canaux ? haut[i - canaux]! : 0;
      let p: number;
      switch (filtre) {
        case 0:
          p = 0;
          break;
        case 1:
          p = a;
          break;
        case 2:
          p = b;
          break;
        case 3:
          p = (a + b) >> 1;
          break;
        case 4: {
          const pa = Math.abs(b - c),
            pb = Math.abs(a - c),
            pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`filtre PNG inconnu ${filtre}`);
      }
      dst[i] = (src[i]! + p) & 0xff;
    }
  }
  return { largeur, hauteur, canaux, pixels };
}

/** Variance of the luminance and the share of dark pixels (text, bars). */
export function statistiques(img: Image): { variance: number; sombres: number } {
  let s = 0,
    s2 = 0,
    sombres = 0;
  const n = img.largeur * img.hauteur;
  for (let i = 0; i < n; i++) {
    const k = i * img.canaux;
    const l = 0.299 * img.pixels[k]! + 0.587 * img.pixels[k + 1]! + 0.114 * img.pixels[k + 2]!;
    s += l;
    s2 += l * l;
    if (l < 100) sombres++;
  }
  const m = s / n;
  return { variance: s2 / n - m * m, sombres: sombres / n };
}
