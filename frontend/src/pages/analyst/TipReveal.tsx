// The moment of truth after a decision on a scan that carried a projected test threat:
// hit or missed, where it was (the box on the image), and that the real scan is now shown
// for the decision that counts.

import { t } from '../../i18n';
import type { TipReveal as Reveal } from '../../tip';
import './tip.css';

export function TipReveal({ reveal }: { reveal: Reveal }) {
  const hit = reveal.tip.outcome === 'hit';
  return (
    <section
      class={`tip-reveal tip-reveal--${reveal.tip.outcome}`}
      role="alert"
      aria-live="assertive"
      data-testid="tip-reveal"
    >
      <h3>{hit ? t('tip:reveal.hitTitle') : t('tip:reveal.missTitle')}</h3>
      <p>{hit ? t('tip:reveal.hit') : t('tip:reveal.miss')}</p>
      <p>{t('tip:reveal.where')}</p>
      <p>
        <b>{t('tip:reveal.again')}</b>
      </p>
    </section>
  );
}
