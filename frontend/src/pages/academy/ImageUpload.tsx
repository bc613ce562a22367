// Upload an academy image in the format of the scanner model it comes from; it
// is decoded and tiled like a live scan but never enters live work. Once ready,
// its number fills the library form.

import { useEffect, useState } from 'preact/hooks';
import { fetchScannerModels, fetchTrainingImage, scannerKindLabel, uploadTrainingImage } from '../../training';
import type { ScannerModel } from '../../training';
import { errorText } from '../../workflow';
import { t } from '../../i18n';

const POLL_MS = 1000;

export function ImageUpload({ onReady }: { onReady(scanId: number): void }) {
  const [scanners, setScanners] = useState<ScannerModel[] | null>(null);
  const [scannerId, setScannerId] = useState('');
  const [high, setHigh] = useState<File | null>(null);
  const [low, setLow] = useState<File | null>(null);
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({
    busy: false,
    message: null,
    error: null,
  });

  useEffect(() => {
    fetchScannerModels()
      .then(setScanners)
      .catch((err) => setState((s) => ({ ...s, error: errorText(err, t('academy:upload.modelsFailed')) })));
  }, []);

  const scanner = scanners?.find((s) => String(s.id) === scannerId) ?? null;

  const waitReady = async (scanId: number) => {
    for (;;) {
      const image = await fetchTrainingImage(scanId);
      if (image.status === 'ready') return;
      if (image.status === 'failed') throw new Error(image.failure_reason ?? t('academy:upload.processFailed'));
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!scanner) return setState({ busy: false, message: null, error: t('academy:upload.needScanner') });
    if (!high) return setState({ busy: false, message: null, error: t('academy:upload.needFile') });
    const files = low
      ? [
          { role: 'high', file: high },
          { role: 'low', file: low },
        ]
      : [{ role: 'single', file: high }];
    setState({ busy: true, message: t('academy:upload.uploading'), error: null });
    try {
      const image = await uploadTrainingImage(scanner.id, files);
      setState({ busy: true, message: t('academy:upload.received', { id: image.scan_id }), error: null });
      await waitReady(image.scan_id);
      setState({ busy: false, message: t('academy:upload.ready', { id: image.scan_id }), error: null });
      onReady(image.scan_id);
    } catch (err) {
      setState({
        busy: false,
        message: null,
        error: errorText(err, err instanceof Error ? err.message : t('academy:upload.failed')),
      });
    }
  };

  return (
    <form
      class="exam-form"
      onSubmit={submit}
      noValidate
      aria-labelledby="lib-upload-title"
      data-testid="image-upload-form"
    >
      <h3 id="lib-upload-title">{t('academy:upload.title')}</h3>
      <div class="form-grid">
        <label class="form-field">
          <span>{t('academy:upload.scannerModel')}</span>
          <select value={scannerId} onChange={(e) => setScannerId(e.currentTarget.value)}>
            <option value="">{t('academy:upload.choose')}</option>
            {(scanners ?? []).map((s) => (
              <option key={s.id} value={String(s.id)}>
                {t(s.dual_energy ? 'academy:upload.modelDual' : 'academy:upload.model', {
                  name: s.name,
                  model: s.model || s.format,
                  kind: scannerKindLabel(s.kind),
                })}
              </option>
            ))}
          </select>
          <span class="form-field__hint">{t('academy:upload.formatHint', { format: scanner?.format ?? '…' })}</span>
        </label>
        <label class="form-field">
          <span>{scanner?.dual_energy ? t('academy:upload.highFile') : t('academy:upload.imageFile')}</span>
          <input type="file" onChange={(e) => setHigh(e.currentTarget.files?.[0] ?? null)} />
        </label>
        {scanner?.dual_energy && (
          <label class="form-field">
            <span>{t('academy:upload.lowFile')}</span>
            <input type="file" onChange={(e) => setLow(e.currentTarget.files?.[0] ?? null)} />
          </label>
        )}
      </div>
      {state.message && (
        <p class="message message--info" role="status">
          {state.message}
        </p>
      )}
      {state.error && (
        <p class="message message--error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" class="button" disabled={state.busy}>
        {state.busy ? t('academy:upload.working') : t('academy:upload.upload')}
      </button>
    </form>
  );
}
