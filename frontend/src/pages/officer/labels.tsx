// The officer's words for statuses, outcomes, categories and units, looked up
// while rendering (the language may change at any time), and the legend that
// explains each status word.

import { t } from '../../i18n';
import type { FindingUnit, Outcome } from '../../inspections';
import type { ThreatCategory } from '../../threatCategories';
import { SITE_STATUSES } from './status';
import type { SiteStatus } from './status';

export function statusText(s: SiteStatus): string {
  switch (s) {
    case 'to_inspect':
      return t('officer:status.toInspect');
    case 'inspected':
      return t('officer:status.inspected');
    case 'waiting':
      return t('officer:status.waiting');
    case 'processing':
      return t('officer:status.processing');
    case 'failed':
      return t('officer:status.failed');
    case 'clear':
      return t('officer:status.clear');
  }
}

export function statusMeaning(s: SiteStatus): string {
  switch (s) {
    case 'to_inspect':
      return t('officer:legend.toInspect');
    case 'inspected':
      return t('officer:legend.inspected');
    case 'waiting':
      return t('officer:legend.waiting');
    case 'processing':
      return t('officer:legend.processing');
    case 'failed':
      return t('officer:legend.failed');
    case 'clear':
      return t('officer:legend.clear');
  }
}

export function nextStepText(s: SiteStatus): string {
  switch (s) {
    case 'to_inspect':
      return t('officer:step.inspect');
    case 'clear':
      return t('officer:step.release');
    case 'failed':
      return t('officer:step.rescan');
    case 'inspected':
      return t('officer:step.done');
    default:
      return t('officer:step.hold');
  }
}

export function outcomeText(o: Outcome): string {
  switch (o) {
    case 'seizure':
      return t('officer:outcome.seizure');
    case 'discrepancy':
      return t('officer:outcome.discrepancy');
    case 'no_finding':
      return t('officer:outcome.no_finding');
  }
  return o;
}

export function categoryText(c: ThreatCategory): string {
  switch (c) {
    case 'weapons':
      return t('officer:category.weapons');
    case 'narcotics':
      return t('officer:category.narcotics');
    case 'cigarettes':
      return t('officer:category.cigarettes');
    case 'currency':
      return t('officer:category.currency');
    case 'undeclared_goods':
      return t('officer:category.undeclared_goods');
    case 'concealment':
      return t('officer:category.concealment');
    case 'hazardous':
      return t('officer:category.hazardous');
  }
  return c;
}

export function unitText(u: FindingUnit): string {
  switch (u) {
    case 'pieces':
      return t('officer:unit.pieces');
    case 'packages':
      return t('officer:unit.packages');
    case 'cartons':
      return t('officer:unit.cartons');
    case 'kg':
      return t('officer:unit.kg');
    case 'g':
      return t('officer:unit.g');
    case 'litres':
      return t('officer:unit.litres');
    case 'sticks':
      return t('officer:unit.sticks');
  }
  return u;
}

export function StatusWord({ status }: { status: SiteStatus }) {
  return <span class={`status status--${status}`}>{statusText(status)}</span>;
}

/** What each status word means and what the officer does. */
export function StatusLegend() {
  return (
    <details class="status-legend" data-testid="status-legend">
      <summary>{t('officer:legend.title')}</summary>
      <dl>
        {SITE_STATUSES.map((s) => (
          <div key={s} class="status-legend__row">
            <dt>
              <StatusWord status={s} />
            </dt>
            <dd>{statusMeaning(s)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
