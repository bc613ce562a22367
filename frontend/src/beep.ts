// Short alert tones with WebAudio. Browsers keep audio locked until the user
// has touched the page: `unlockAudio` is called on the first tap, and `beep`
// never throws (no sound is better than a broken page).

type Ctx = AudioContext;
let ctx: Ctx | null = null;

function context(): Ctx | null {
  try {
    if (!ctx) {
      const Ctor =
        window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return null;
      ctx = new Ctor();
    }
    if (ctx.state === 'suspended') ctx.resume().catch(() => undefined);
    return ctx;
  } catch {
    return null;
  }
}

/** Call from a user gesture (tap, key) so later beeps may sound. */
export function unlockAudio(): void {
  context();
}

/** One or more short tones: a suspect verdict is higher and repeated. */
export function beep(kind: 'suspect' | 'clear' | 'info' = 'info'): void {
  try {
    const ac = context();
    if (!ac || ac.state !== 'running') return;
    const tones = kind === 'suspect' ? [880, 0, 880, 0, 880] : kind === 'clear' ? [660] : [520];
    let t = ac.currentTime + 0.01;
    for (const freq of tones) {
      if (freq > 0) {
        const osc = ac.createOscillator();
        const gain = ac.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.14);
        osc.connect(gain).connect(ac.destination);
        osc.start(t);
        osc.stop(t + 0.15);
      }
      t += 0.16;
    }
  } catch {
    // Audio is a courtesy: ignore any failure.
  }
}
