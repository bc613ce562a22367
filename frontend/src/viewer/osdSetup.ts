// OpenSeadragon set-up for scan images: our own toolbar and keys, a
// navigator mini-map, snappy animation, and helpers the tools share.

import OpenSeadragon from 'openseadragon';

/** 'canvas' for server-rendered tiles (the CSS preview filter applies to one plain
 * <canvas>), or a drawer class (gpu/XrayDrawer.ts) for tiles rendered here. */
export type Drawer = 'canvas' | typeof OpenSeadragon.DrawerBase;

export function createOsd(element: HTMLElement, drawer: Drawer = 'canvas'): OpenSeadragon.Viewer {
  return OpenSeadragon({
    element,
    drawer,
    // Each lossless tile holds ~1 MB of float textures: keep fewer than the default 200.
    maxImageCacheCount: drawer === 'canvas' ? 200 : 120,
    showNavigationControl: false, // the toolbar has Fit / Zoom
    keyboardNavEnabled: false, // keyboard.ts owns the keys (OSD's w/a/s/d/r would clash)
    showNavigator: true,
    navigatorPosition: 'BOTTOM_RIGHT',
    navigatorSizeRatio: 0.18,
    navigatorAutoFade: false,
    navigatorBackground: '#000',
    navigatorBorderColor: '#6cb6ff',
    navigatorDisplayRegionColor: '#ffd33d',
    preserveViewport: true,
    visibilityRatio: 0.6,
    constrainDuringPan: true,
    minZoomImageRatio: 0.8,
    maxZoomPixelRatio: 6, // beyond 1:1 for a close look at a detail
    animationTime: 0.35,
    springStiffness: 9,
    zoomPerScroll: 1.25,
    zoomPerClick: 1.6,
    blendTime: 0,
    // Rendering here, every frame costs a full shader pass on a thin client's software GPU:
    // fetch the level the view needs first instead of every level below it on the way.
    immediateRender: drawer !== 'canvas',
    imageLoaderLimit: 8,
    timeout: 20000,
    gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true, flickEnabled: false },
    gestureSettingsTouch: { pinchRotate: false },
    crossOriginPolicy: false,
    placeholderFillStyle: '#000',
    silenceMultiImageWarnings: true,
  } as OpenSeadragon.Options & { silenceMultiImageWarnings: boolean });
}

/** The element the image is drawn on (the canvas drawer's <canvas>). */
export function drawingCanvas(osd: OpenSeadragon.Viewer): HTMLElement | null {
  const canvas = (osd.drawer as unknown as { canvas?: HTMLElement } | undefined)?.canvas;
  return canvas ?? null;
}

/** Image pixel coordinates under a point given in client (page) coordinates. */
export function clientToImage(osd: OpenSeadragon.Viewer, clientX: number, clientY: number): OpenSeadragon.Point | null {
  const item = osd.world.getItemAt(0);
  if (!item) return null;
  const rect = osd.element.getBoundingClientRect();
  return item.viewerElementToImageCoordinates(new OpenSeadragon.Point(clientX - rect.left, clientY - rect.top));
}

/** Viewer-element coordinates (CSS px) of an image point. */
export function imageToElement(osd: OpenSeadragon.Viewer, x: number, y: number): OpenSeadragon.Point | null {
  const item = osd.world.getItemAt(0);
  if (!item) return null;
  return item.imageToViewerElementCoordinates(new OpenSeadragon.Point(x, y));
}

/** Zoom as "screen px per image px" (1 = 100 %). */
export function zoomPercent(osd: OpenSeadragon.Viewer): number | null {
  const item = osd.world.getItemAt(0);
  if (!item) return null;
  const imageZoom = item.viewportToImageZoom(osd.viewport.getZoom()); // the target, not mid-animation
  return Math.round(imageZoom * 100);
}

export function zoomBy(osd: OpenSeadragon.Viewer, factor: number): void {
  osd.viewport.zoomBy(factor);
  osd.viewport.applyConstraints();
}

/** Pan by a fraction of the visible width/height. */
export function panBy(osd: OpenSeadragon.Viewer, fx: number, fy: number): void {
  const bounds = osd.viewport.getBounds();
  osd.viewport.panBy(new OpenSeadragon.Point(bounds.width * fx, bounds.height * fy));
  osd.viewport.applyConstraints();
}

/** Double-click zoom off while a polygon is drawn (double-click closes it). */
export function setDoubleClickZoom(osd: OpenSeadragon.Viewer, on: boolean): void {
  osd.gestureSettingsByDeviceType('mouse').dblClickToZoom = on;
}
