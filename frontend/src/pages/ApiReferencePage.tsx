// The API reference for integrators and vendors (public, self-hosted): read from the
// OpenAPI document and the events' schema the server generates from its own code.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../i18n';
import { roleLabel } from '../access';
import type { Role } from '../api';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
} & Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  schema: Schema;
}
interface Operation {
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses?: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  'x-cips-access'?: string;
  'x-cips-roles'?: string[];
  'x-cips-tokens'?: string[];
}
interface OpenApi {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface EventsSchema {
  events: Record<string, { payload: Schema; rooms: string; description: string }>;
  $defs: Record<string, Schema>;
}

function who(op: Operation): string {
  const access = op['x-cips-access'];
  if (access === 'public') return t('apidocs:public');
  if (access?.startsWith('signed link')) return t('apidocs:signed');
  if (access) return access;
  const parts = [];
  if (op.security.some((s) => 'session' in s)) {
    parts.push(
      op['x-cips-roles']?.length
        ? t('apidocs:people', {
            roles: op['x-cips-roles'].map((r) => roleLabel(r as Role)).join(t('common:listSeparator')),
          })
        : t('apidocs:anyPerson'),
    );
  }
  if (op['x-cips-tokens']?.length)
    parts.push(
      t('apidocs:tokens', {
        tokens: op['x-cips-tokens'].map((k) => t(`apidocs:tokenKind.${k}`)).join(t('common:listSeparator')),
      }),
    );
  return parts.join('; ');
}

function typeOf(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split('/').pop()!;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Schema[]).map(typeOf).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items as Schema)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
}

function Fields({ name, defs }: { name: string; defs: Record<string, Schema> }) {
  const schema = defs[name];
  if (!schema?.properties) return null;
  const required = new Set(schema.required ?? []);
  return (
    <table class="data-table">
      <caption>
        <code>{name}</code>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('apidocs:field')}</th>
          <th scope="col">{t('apidocs:type')}</th>
          <th scope="col">{t('apidocs:required')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(schema.properties).map(([field, s]) => (
          <tr key={field}>
            <td>
              <code>{field}</code>
            </td>
            <td>
              <code>{typeOf(s)}</code>
              {typeof s.description === 'string' && <div class="hint">{s.description}</div>}
            </td>
            <td>{required.has(field) ? t('apidocs:yes') : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ApiReferencePage() {
  const [api, setApi] = useState<OpenApi | null>(null);
  const [events, setEvents] = useState<EventsSchema | null>(null);
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');

  useEffect(() => {
    document.title = `${t('apidocs:title')} · CIPS`;
    Promise.all([fetch('/api/v1/openapi.json'), fetch('/api/v1/events.schema.json')])
      .then(async ([a, e]) => {
        if (!a.ok || !e.ok) throw new Error(`HTTP ${a.ok ? e.status : a.status}`);
        setApi(await a.json());
        setEvents(await e.json());
      })
      .catch((err: Error) => setError(t('apidocs:loadFailed', { reason: err.message })));
  }, []);

  const groups = useMemo(() => {
    const byTag = new Map<string, [string, string, Operation][]>();
    if (!api) return byTag;
    const needle = filter.trim().toLowerCase();
    for (const [path, operations] of Object.entries(api.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const text = `${method} ${path} ${op.summary} ${who(op)}`.toLowerCase();
        if (needle && !text.includes(needle)) continue;
        const tag = op.tags[0] ?? 'other';
        byTag.set(tag, [...(byTag.get(tag) ?? []), [method, path, op]]);
      }
    }
    return new Map([...byTag.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }, [api, filter]);

  return (
    <div class="shell">
      <main id="main" class="main api-reference">
        <h1>{t('apidocs:heading', { name: api?.info.title ?? 'CIPS API' })}</h1>
        {error && (
          <p class="message message--error" role="alert">
            {error}
          </p>
        )}
        {api && (
          <>
            <p class="lead" translate={false}>
              {api.info.description}
            </p>
            <p>
              {t('apidocs:machineReadable')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1){' '}
              {t('apidocs:and')} <a href="/api/v1/events.schema.json">/api/v1/events.schema.json</a> (
              {t('apidocs:socketEvents')})
            </p>
            <label>
              {t('apidocs:find')}{' '}
              <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
            </label>
            {[...groups.entries()].map(([tag, ops]) => (
              <section key={tag}>
                <h2 translate={false}>{tag}</h2>
                {ops.map(([method, path, op]) => {
                  const body = op.requestBody?.content['application/json']?.schema.$ref?.split('/').pop();
                  // The answers a route declares its model for (app.validation.responds); errors are all `Error`.
                  const answers = Object.entries(op.responses ?? {}).flatMap(([status, r]) => {
                    const name = r.content?.['application/json']?.schema.$ref?.split('/').pop();
                    return name && name !== 'Error' ? [[status, name] as const] : [];
                  });
                  return (
                    <details key={method + path}>
                      <summary>
                        <code>
                          {method.toUpperCase()} {path}
                        </code>{' '}
                        <span translate={false}>{op.summary}</span> <span class="hint">({who(op)})</span>
                      </summary>
                      {op.parameters && (
                        <ul>
                          {op.parameters.map((p) => (
                            <li key={p.in + p.name}>
                              <code>{p.name}</code> (<code>{p.in}</code>
                              {p.required ? `, ${t('apidocs:required')}` : ''}): <code>{typeOf(p.schema)}</code>
                            </li>
                          ))}
                        </ul>
                      )}
                      {op.requestBody && (
                        <p>{t('apidocs:body', { types: Object.keys(op.requestBody.content).join(' | ') })}</p>
                      )}
                      {body && <Fields name={body} defs={api.components.schemas} />}
                      {answers.map(([status, name]) => (
                        <div key={status}>
                          <p>{t('apidocs:answer', { status })}</p>
                          <Fields name={name} defs={api.components.schemas} />
                        </div>
                      ))}
                    </details>
                  );
                })}
              </section>
            ))}
          </>
        )}
        {events && (
          <section>
            <h2>{t('apidocs:events')}</h2>
            {Object.entries(events.events).map(([name, e]) => (
              <details key={name}>
                <summary>
                  <code>{name}</code> <span translate={false}>{e.description}</span>{' '}
                  <span class="hint">
                    ({t('apidocs:rooms')} <code>{e.rooms}</code>)
                  </span>
                </summary>
                <Fields name={e.payload.$ref!.split('/').pop()!} defs={events.$defs} />
              </details>
            ))}
          </section>
        )}
      </main>
    </div>
  );
}
