// Material calibration of a scanner: upload its step-wedge scan and the wedge's
// description, see the fitted curves (R against A_high per material, uPlot) beside the
// measured steps, and the thicknesses the scanner cannot classify.

import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  fetchCalibration,
  fetchDualEnergyScanners,
  postCalibration,
  type CalibrationReport,
  type ScannerCalibration,
  type ScannerRef,
} from '../../calibration';
import { errorText } from '../../workflow';
import { t, useLanguage } from '../../i18n';

const COLOURS: Record<string, string> = { organic: '#e08a1e', inorganic: '#2e9d4f', metal: '#2f6fd0' };
const SOURCE_KEYS: Record<string, string> = { 'cips-calibrated': 'calibrated', default: 'nominal' };

export function Calibration() {
  const [scanners, setScanners] = useState<ScannerRef[] | null>(null);
  const [scannerId, setScannerId] = useState<number | null>(null);
  const [data, setData] = useState<ScannerCalibration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const wedgeInput = useRef<HTMLInputElement>(null);
  const [model, setModel] = useState('');

  useEffect(() => {
    fetchDualEnergyScanners()
      .then((list) => {
        setScanners(list);
        if (list.length) setScannerId(list[0].id);
      })
      .catch((err) => setError(errorText(err, t('admin:scanners.loadFailed'))));
  }, []);

  useEffect(() => {
    if (scannerId === null) return;
    setData(null);
    fetchCalibration(scannerId)
      .then((d) => {
        setData(d);
        setModel(d.model ?? '');
      })
      .catch((err) => setError(errorText(err, t('admin:calibration.loadFailed'))));
  }, [scannerId]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const files = Array.from(scanInput.current?.files ?? []);
    const wedge = wedgeInput.current?.files?.[0];
    if (scannerId === null || !files.length || !wedge) {
      setError(t('admin:calibration.needFiles'));
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const d = await postCalibration(scannerId, files, wedge, model);
      setData(d);
      setNotice(t('admin:calibration.done', { label: d.report?.label ?? d.model }));
    } catch (err) {
      setError(errorText(err, t('admin:calibration.failed')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="admin-section" aria-labelledby="calibration-title">
      <h2 id="calibration-title">{t('admin:calibration.materialCalibration')}</h2>
      <p class="muted small">{t('admin:calibration.scanAStepWedgeOf')}</p>
      {error && (
        <p class="message message--error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="message message--info" role="status">
          {notice}
        </p>
      )}
      <form class="calibration-form" onSubmit={submit}>
        <label>
          {t('admin:fact.scanner')}{' '}
          <select
            value={scannerId ?? ''}
            onChange={(e) => setScannerId(Number((e.target as HTMLSelectElement).value))}
            data-testid="calibration-scanner"
          >
            {(scanners ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {`${s.site} · ${s.name}`}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('admin:calibration.type')}{' '}
          <select
            value={model}
            onChange={(e) => setModel((e.target as HTMLSelectElement).value)}
            data-testid="calibration-model"
          >
            <option value="">{t('admin:calibration.fromEnergies')}</option>
            {Object.entries(data?.models ?? {}).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('admin:calibration.wedgeScan')}{' '}
          <input type="file" multiple ref={scanInput} data-testid="calibration-scan" />
        </label>{' '}
        <label>
          {t('admin:calibration.wedgeDescription')}{' '}
          <input type="file" accept=".json,application/json" ref={wedgeInput} data-testid="calibration-wedge" />
        </label>{' '}
        <button type="submit" class="button" disabled={busy || scannerId === null}>
          {busy ? t('admin:calibration.fitting') : t('admin:calibration.calibrate')}
        </button>
      </form>
      {data && (
        <p data-testid="calibration-source" data-source={data.material_source}>
          {SOURCE_KEYS[data.material_source]
            ? t(`admin:calibration.source.${SOURCE_KEYS[data.material_source]}`)
            : data.material_source}
          {data.report && (
            <>
              {' · '}
              <span translate={false}>{data.report.label}</span>
            </>
          )}
          {data.report?.rms &&
            ` · ${t('admin:calibration.misfit', { high: data.report.rms.high.toFixed(3), low: data.report.rms.low.toFixed(3) })}`}
        </p>
      )}
      {data?.report && <CurvePlot report={data.report} />}
      {data?.report && <Limits report={data.report} />}
    </section>
  );
}

function CurvePlot({ report }: { report: CalibrationReport }) {
  const box = useRef<HTMLDivElement>(null);
  const lang = useLanguage();
  useEffect(() => {
    if (!box.current) return;
    // uPlot wants one shared x array: merge every curve's and point's A_high, with gaps.
    const xs = Array.from(
      new Set(report.materials.flatMap((m) => [...m.curve, ...m.points].map((p) => p.a_high))),
    ).sort((a, b) => a - b);
    const column = (pts: { a_high: number; r: number | null }[]) => {
      const at = new Map(pts.map((p) => [p.a_high, p.r]));
      return xs.map((x) => at.get(x) ?? null);
    };
    const series: uPlot.Series[] = [{ label: t('admin:calibration.aHigh') }];
    const data: (number | null)[][] = [xs];
    for (const m of report.materials) {
      const colour = COLOURS[m.class] ?? '#666';
      series.push({
        label: `${m.material} (${t('admin:calibration.fit')})`,
        stroke: colour,
        width: 2,
        spanGaps: true,
        points: { show: false },
      });
      data.push(column(m.curve));
      series.push({
        label: `${m.material} (${t('admin:calibration.measured')})`,
        stroke: colour,
        width: 0,
        points: { show: true, size: 7, fill: colour },
      });
      data.push(column(m.points));
    }
    const plot = new uPlot(
      {
        width: Math.min(900, box.current.clientWidth || 800),
        height: 360,
        scales: { x: { time: false } },
        axes: [{ label: t('admin:calibration.axisX') }, { label: t('admin:calibration.axisY') }],
        series,
      },
      data as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [report, lang]);
  // The legend names the wedge's materials as its description does (data).
  return <div ref={box} class="calibration-plot" data-testid="calibration-plot" translate={false} />;
}

function Limits({ report }: { report: CalibrationReport }) {
  return (
    <table class="data-table" data-testid="calibration-limits">
      <thead>
        <tr>
          <th scope="col">{t('admin:calibration.material')}</th>
          <th scope="col" class="num">
            {t('admin:calibration.zEff')}
          </th>
          <th scope="col">{t('admin:calibration.class')}</th>
          <th scope="col">{t('admin:calibration.measuredSteps')}</th>
          <th scope="col">{t('admin:calibration.undeterminedAtGCm')}</th>
        </tr>
      </thead>
      <tbody>
        {report.materials.map((m) => (
          <tr key={m.material}>
            <td translate={false}>{m.material}</td>
            <td class="num">{m.z_eff.toFixed(1)}</td>
            <td>{['organic', 'inorganic', 'metal'].includes(m.class) ? t(`viewer:material.${m.class}`) : m.class}</td>
            <td>{m.points.length}</td>
            <td>{m.undetermined.map(([a, b]) => `${a}–${b}`).join(', ') || t('common:none')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
