// Upload an academy image in the format of the scanner model it comes from; it
// is decoded and tiled like a live scan but never enters live work. Once ready,
// its number fills the library form.

import { useEffect, useState } from 'preact/hooks';
import { fetchScannerModels, fetchTrainingImage, scannerKindLabel, uploadTrainingImage } from '../../training';
import type { ScannerModel } from '../../training';
import { errorText } from '../../workflow';

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
      .catch((err) => setState((s) => ({ ...s, error: errorText(err, 'The scanner models could not be loaded.') })));
  }, []);

  const scanner = scanners?.find((s) => String(s.id) === scannerId) ?? null;

  const waitReady = async (scanId: number) => {
    for (;;) {
      const image = await fetchTrainingImage(scanId);
      if (image.status === 'ready') return;
      if (image.status === 'failed') throw new Error(image.failure_reason ?? 'The image could not be processed.');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!scanner)
      return setState({ busy: false, message: null, error: 'Choose the scanner model the image comes from.' });
    if (!high) return setState({ busy: false, message: null, error: 'Choose the image file.' });
    const files = low
      ? [
          { role: 'high', file: high },
          { role: 'low', file: low },
        ]
      : [{ role: 'single', file: high }];
    setState({ busy: true, message: 'Uploading…', error: null });
    try {
      const image = await uploadTrainingImage(scanner.id, files);
      setState({ busy: true, message: `Image ${image.scan_id} received; preparing its tiles…`, error: null });
      await waitReady(image.scan_id);
      setState({ busy: false, message: `Image ${image.scan_id} is ready: describe it below and add it.`, error: null });
      onReady(image.scan_id);
    } catch (err) {
      setState({
        busy: false,
        message: null,
        error: errorText(err, err instanceof Error ? err.message : 'The upload failed.'),
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
      <h3 id="lib-upload-title">Upload an image</h3>
      <div class="form-grid">
        <label class="form-field">
          <span>Scanner model</span>
          <select value={scannerId} onChange={(e) => setScannerId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {(scanners ?? []).map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name} — {s.model || s.format} ({scannerKindLabel(s.kind)}
                {s.dual_energy ? ', dual energy' : ''})
              </option>
            ))}
          </select>
          <span class="form-field__hint">The file must be in this scanner's format ({scanner?.format ?? '…'}).</span>
        </label>
        <label class="form-field">
          <span>{scanner?.dual_energy ? 'High-energy file' : 'Image file'}</span>
          <input type="file" onChange={(e) => setHigh(e.currentTarget.files?.[0] ?? null)} />
        </label>
        {scanner?.dual_energy && (
          <label class="form-field">
            <span>Low-energy file (if separate)</span>
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
        {state.busy ? 'Working…' : 'Upload'}
      </button>
    </form>
  );
}
