// Region drawing with Annotorious (loaded on demand: it is the larger half of
// the viewer's code). The data model is in regionModel.ts.

import { createOSDAnnotator, W3CImageFormat } from '@annotorious/openseadragon';
import type { ImageAnnotation, OpenSeadragonAnnotator, W3CImageAnnotation } from '@annotorious/openseadragon';
import '@annotorious/openseadragon/annotorious-openseadragon.css';
import type OpenSeadragon from 'openseadragon';

import { clipToImage, labelOf, withLabel } from './regionModel';
import type { RegionTool } from './regionModel';

export interface RegionEvents {
  /** Any change: the full current list. */
  onChange(annotations: W3CImageAnnotation[]): void;
  /** A region was just drawn (e.g. to ask for its label). */
  onCreated(id: string): void;
}

export class RegionTools {
  readonly anno: OpenSeadragonAnnotator<ImageAnnotation, W3CImageAnnotation>;
  private tool: RegionTool | null = null;

  constructor(
    private osd: OpenSeadragon.Viewer,
    source: string,
    private events: RegionEvents,
    initial: W3CImageAnnotation[] = [],
  ) {
    this.anno = createOSDAnnotator<ImageAnnotation, W3CImageAnnotation>(osd, {
      adapter: W3CImageFormat(source),
      drawingEnabled: false,
      drawingMode: 'drag',
      theme: 'dark',
      style: { fill: '#ffd33d', fillOpacity: 0.12, stroke: '#ffd33d', strokeWidth: 2 },
    });
    if (initial.length) this.anno.setAnnotations(initial, true);
    const changed = () => this.events.onChange(this.list());
    this.anno.on('createAnnotation', (a) => {
      this.setTool(null); // one region per press of b / y
      const size = osd.world.getItemAt(0)?.source.dimensions;
      const clipped = size ? clipToImage(a, size.x, size.y) : null;
      if (clipped) this.anno.updateAnnotation(clipped);
      changed();
      this.events.onCreated(a.id);
    });
    this.anno.on('updateAnnotation', changed);
    this.anno.on('deleteAnnotation', changed);
    osd.element.addEventListener('dblclick', this.onDoubleClick, true);
  }

  // Annotorious closes a polygon on OSD's "canvas-double-click", which OSD
  // misses when the previous point was clicked less than 300 ms earlier (it
  // pairs that click with the first half of the double-click). The browser's
  // own dblclick is reliable: pass it on. A second close is a no-op.
  private onDoubleClick = (e: MouseEvent) => {
    if (this.tool !== 'polygon') return;
    this.osd.raiseEvent('canvas-double-click', { originalEvent: e, shift: e.shiftKey, preventDefaultAction: true });
  };

  list(): W3CImageAnnotation[] {
    return this.anno.getAnnotations();
  }

  /** Start drawing with a tool, or stop drawing (null). */
  setTool(tool: RegionTool | null): void {
    this.tool = tool;
    if (tool) {
      this.anno.setDrawingTool(tool);
      this.anno.setDrawingMode(tool === 'rectangle' ? 'drag' : 'click');
      this.anno.setDrawingEnabled(true);
    } else {
      this.anno.cancelDrawing();
      this.anno.setDrawingEnabled(false);
    }
  }

  setLabel(id: string, label: string): void {
    const a = this.anno.getAnnotationById(id);
    if (!a || labelOf(a) === label.trim()) return;
    this.anno.updateAnnotation(withLabel(a, label));
    this.events.onChange(this.list());
  }

  /** Change a region's annotation (its category, its goods line). */
  update(id: string, change: (a: W3CImageAnnotation) => W3CImageAnnotation): void {
    const a = this.anno.getAnnotationById(id);
    if (!a) return;
    this.anno.updateAnnotation(change(a));
    this.events.onChange(this.list());
  }

  remove(id: string): void {
    this.anno.removeAnnotation(id);
    this.events.onChange(this.list());
  }

  /** Select a region and bring it into view. */
  focus(id: string): void {
    this.anno.setSelected(id);
    this.anno.fitBoundsWithConstraints(id, { padding: 80 });
  }

  clearSelection(): void {
    this.anno.cancelSelected();
  }

  destroy(): void {
    // The viewer may already be gone (unmounting tears OpenSeadragon down first).
    this.osd.element?.removeEventListener('dblclick', this.onDoubleClick, true);
    try {
      this.anno.destroy();
    } catch (err) {
      console.warn('Annotorious did not shut down cleanly', err);
    }
  }
}
