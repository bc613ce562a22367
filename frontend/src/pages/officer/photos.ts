// Photos from the tablet's camera, made small on the tablet before they are
// kept or sent: a 12 MP camera JPEG (4-6 MB) becomes a ~1600 px JPEG of a few
// hundred kB, which a weak port Wi-Fi sends in seconds and IndexedDB holds by
// the dozen. Decoding through createImageBitmap applies the EXIF rotation,
// and the canvas re-encode drops the EXIF (the camera's location included).

import { randomId } from './outbox';
import type { PhotoBlob } from './outbox';

export const MAX_SIDE = 1600;
export const QUALITY = 0.82;

export class NotAnImage extends Error {}

export async function compressPhoto(file: Blob, name: string, maxSide = MAX_SIDE): Promise<PhotoBlob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new NotAnImage(name);
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new NotAnImage(name);
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
  if (!blob) throw new NotAnImage(name);
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  return { id: randomId(), name: `${base}.jpg`, blob, width, height };
}
