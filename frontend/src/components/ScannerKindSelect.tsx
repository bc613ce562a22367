// A scanner-kind filter ("All" or one kind), used by the library and the question bank.

import { t } from '../i18n';
import { SCANNER_KINDS, scannerKindLabel } from '../training';

export function ScannerKindSelect({ value, onChange }: { value: string; onChange(kind: string): void }) {
  return (
    <select aria-label={t('status:ui.scannerKind')} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{t('status:ui.all')}</option>
      {SCANNER_KINDS.map((k) => (
        <option key={k} value={k}>
          {scannerKindLabel(k)}
        </option>
      ))}
    </select>
  );
}
