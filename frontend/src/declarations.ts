// Customs declarations (docs/workflow-api.md, "Declarations"): what the
// analyst sees beside the image, links by hand, unmatched scans for the
// supervisor and the deliveries of results to the customs system for the admin.

import { api } from './api';
import type { Role, Schemas } from './api';
import { formatNumber } from './format';
import { language, t } from './i18n';

// The shapes are the server's own models (app/blueprints/declarations/schema.py), via docs/openapi.json.
export type RiskLevel = Schemas['RiskOut']['level'];
export type GoodsLine = Schemas['GoodsLineOut'];
/** The party names are left out (not null) for analysts and experts. */
export type Declaration = Schemas['DeclarationOut'] &
  Partial<Pick<Schemas['DeclarationWithParties'], 'declarant' | 'consignor' | 'consignee'>>;
export type DeclarationMatch = Schemas['DeclarationMatch'];
export type WeightCheck = Schemas['WeightCheck'];
export type EarlierScan = Schemas['EarlierScan'];
export type ScanDeclaration = Schemas['ScanDeclarationOut'];
export type Delivery = Schemas['DeliveryOut'];

const id = (n: number | string) => encodeURIComponent(String(n));

export const fetchScanDeclaration = (scanId: number | string) =>
  api.get<ScanDeclaration>(`/scans/${id(scanId)}/declaration`);
export const linkDeclaration = (scanId: number | string, number: string, reason: string) =>
  api.post<ScanDeclaration>(`/scans/${id(scanId)}/declaration`, { number, reason });
export const unlinkDeclaration = (scanId: number | string, reason: string) =>
  api.delete<ScanDeclaration>(`/scans/${id(scanId)}/declaration`, { body: { reason } });
export const fetchUnmatchedScans = async () =>
  (await api.get<Schemas['UnmatchedScans']>('/declarations/unmatched-scans')).scans ?? [];
export const fetchDeliveries = async () => (await api.get<Schemas['Deliveries']>('/admin/deliveries')).deliveries ?? [];
export const replayDelivery = (eventId: string) => api.post<Delivery>(`/admin/deliveries/${id(eventId)}/replay`);

// --- Display ----------------------------------------------------------------

export const PARTIES = ['declarant', 'consignor', 'consignee'] as const;
export const partyLabel = (party: (typeof PARTIES)[number]) => t(`declaration:party.${party}`);

/** Who may link by hand (a lookup by number: supervisors only, never analysts), and unlink a wrong match. */
export const LINK_ROLES: Role[] = ['supervisor'];
export const UNLINK_ROLES: Role[] = ['analyst', 'expert', 'supervisor'];

export const riskLabel = (level: RiskLevel) => t(`declaration:risk.${level}`);

/** "+27.4 %" / "−3.0 %" (a real minus sign, one decimal). */
export function formatPercent(p: number): string {
  const sign = p > 0 ? '+' : p < 0 ? '−' : '±';
  return `${sign}${formatNumber(Math.abs(p), { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

export function formatKg(kg: number | null | undefined): string {
  if (kg === null || kg === undefined || Number.isNaN(kg)) return '—';
  return formatNumber(kg, { maximumFractionDigits: 1 });
}

/** A goods line's quantity in the reader's number format, and its unit as declared (a code
 * such as "pcs": data, shown untranslated); null when the line states neither. */
export function quantityParts(line: GoodsLine): { amount: string | null; unit: string | null } | null {
  const amount = line.quantity === null || line.quantity === undefined ? null : formatNumber(line.quantity);
  const unit = line.unit || null;
  return amount === null && unit === null ? null : { amount, unit };
}

/** How the declaration came to this scan, in words. */
export function matchText(m: DeclarationMatch): string {
  if (m.method === 'manual') return t('declaration:match.manual');
  const on = m.container_id
    ? t('declaration:match.onContainer', { container: m.container_id })
    : t('declaration:match.onPlate');
  if (m.method === 'corrected') {
    return t('declaration:match.corrected', {
      on,
      from: m.corrected_from ?? t('declaration:match.scannerReading'),
    });
  }
  return t('declaration:match.automatic', { on });
}

/** A country's name in the reader's language, and its ISO code as declared (data). */
export function countryParts(code: string | null | undefined): { name: string | null; code: string } | null {
  if (!code) return null;
  const upper = code.toUpperCase();
  try {
    const name = new Intl.DisplayNames(language(), { type: 'region' }).of(upper);
    return { name: name && name !== upper ? name : null, code: upper };
  } catch {
    return { name: null, code };
  }
}
