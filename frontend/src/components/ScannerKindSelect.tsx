// A scanner-kind filter ("All" or one kind), used by the library and the question bank.

import { SCANNER_KINDS, scannerKindLabel } from '../training';

export function ScannerKindSelect({ value, onChange }: { value: string; onChange(kind: string): void }) {
  return (
    <select aria-label="Scanner kind" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">All</option>
      {SCANNER_KINDS.map((k) => (
        <option key={k} value={k}>
          {scannerKindLabel(k)}
        </option>
      ))}
    </select>
  );
}
