// The instant preview: an SVG linear transfer filter on the drawing canvas
// (see windowLevel.ts for the arithmetic), set imperatively so it can be
// switched off in the very frame the new tiles take over.

import type OpenSeadragon from 'openseadragon';
import { drawingCanvas } from './osdSetup';
import type { LinearMap } from './windowLevel';

const SVG_NS = 'http://www.w3.org/2000/svg';
let counter = 0;

export class Preview {
  private readonly id = `cips-preview-${++counter}`;
  private readonly svg: SVGSVGElement;
  private readonly funcs: SVGElement[] = [];
  private active = false;

  constructor(private osd: OpenSeadragon.Viewer) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('width', '0');
    this.svg.setAttribute('height', '0');
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.style.position = 'absolute';
    const filter = document.createElementNS(SVG_NS, 'filter');
    filter.setAttribute('id', this.id);
    filter.setAttribute('color-interpolation-filters', 'sRGB');
    const transfer = document.createElementNS(SVG_NS, 'feComponentTransfer');
    for (const c of ['R', 'G', 'B']) {
      const f = document.createElementNS(SVG_NS, `feFunc${c}`);
      f.setAttribute('type', 'linear');
      transfer.appendChild(f);
      this.funcs.push(f);
    }
    filter.appendChild(transfer);
    this.svg.appendChild(filter);
    osd.element.appendChild(this.svg);
  }

  /** Show `map` on the drawn image, or nothing (null). */
  apply(map: LinearMap | null): void {
    const canvas = drawingCanvas(this.osd);
    if (!canvas) return;
    if (!map) {
      if (this.active) canvas.style.filter = '';
      this.active = false;
      return;
    }
    for (const f of this.funcs) {
      f.setAttribute('slope', map.slope.toFixed(5));
      f.setAttribute('intercept', map.intercept.toFixed(5));
    }
    if (!this.active) canvas.style.filter = `url(#${this.id})`;
    this.active = true;
  }

  get isActive(): boolean {
    return this.active;
  }

  destroy(): void {
    this.svg.remove();
  }
}
