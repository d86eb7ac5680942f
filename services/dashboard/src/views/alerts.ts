/**
 * Safety alerts, live: filtered by severity, county, operator and state; an operator (or admin) can
 * acknowledge one with a note. New and changed alerts arrive over the live feed.
 */
import { ApiFailure, isMissingRoute, type ApiClient } from '../api/client.js';
import type { Alert } from '../api/types.js';
import { t, tOr } from '../i18n/i18n.js';
import { dateTime, num } from '../model/format.js';
import { link } from '../router.js';
import { can } from '../session.js';
import { h, replace, table } from '../ui/dom.js';
import { debounce, type View } from './view.js';

export const alertsView: View = async ({ root, api, me, live, reference }) => {
  const severity = h('select', { id: 'filter-severity' }, h('option', { value: '' }, t('alerts.allSeverities')), [1, 2, 3].map((s) => h('option', { value: String(s) }, t(`severity.${s}` as 'severity.1'))));
  const county = h(
    'select',
    { id: 'filter-county' },
    h('option', { value: '' }, t('alerts.allCounties')),
    reference.counties.filter((c) => c.code).map((c) => h('option', { value: c.code! }, reference.countyName(c.code))),
  );
  const operator = h(
    'select',
    { id: 'filter-operator' },
    h('option', { value: '' }, t('alerts.allOperators')),
    [...reference.operators.values()].map((o) => h('option', { value: o.id }, o.name)),
  );
  const state = h(
    'select',
    { id: 'filter-status' },
    (['active', 'open', 'acknowledged', 'resolved', ''] as const).map((s) => h('option', { value: s }, s ? t(`alerts.status.${s}`) : t('alerts.allStates'))),
  );
  const list = h('div', { id: 'alerts-list' });
  const count = h('span', { class: 'muted small', id: 'alerts-count' });

  const load = async () => {
    let alerts: Alert[];
    try {
      const page = await api.get<{ items: Alert[] }>('/api/v1/alerts', {
        status: state.value || undefined,
        severity: severity.value || undefined,
        countyCode: county.value || undefined,
        operatorId: operator.value || undefined,
        limit: 200,
      });
      alerts = page.items;
    } catch (err) {
      if (isMissingRoute(err)) return replace(list, h('p', { class: 'muted' }, t('alerts.notAvailable')));
      throw err;
    }
    count.textContent = ` ${t('alerts.count', { n: num(alerts.length) })}`;
    replace(
      list,
      alerts.length === 0
        ? h('p', { class: 'muted' }, t('alerts.none'))
        : table(
            [t('alerts.severity'), t('alerts.rule'), t('alerts.charger'), t('alerts.county'), t('alerts.operator'), t('alerts.opened'), t('alerts.status'), t('alerts.acknowledgement'), ''],
            alerts,
            (a) => [
              h('span', { class: `sev-badge sev-${a.severity}` }, t(`severity.${a.severity}` as 'severity.1')),
              tOr(`rule.${a.rule}`, a.rule),
              h('a', { href: link.charger(a.chargerId) }, a.chargerId, a.evseId ? ` #${a.evseId}` : ''),
              reference.countyName(a.countyCode),
              reference.operatorName(a.operatorId),
              dateTime(a.openedAt),
              h('span', { class: `state state-${a.status}`, 'data-state': a.status }, t(`alerts.status.${a.status}` as 'alerts.status.open')),
              a.acknowledgedBy ? `${a.acknowledgedBy}: ${a.acknowledgementNote ?? ''}` : '',
              can.acknowledge(me.role) && a.status === 'open'
                ? h('button', { class: 'ack', 'data-alert': a.id, onclick: () => acknowledgeDialog(api, a, () => void load()) }, t('alerts.acknowledge'))
                : '',
            ],
            { id: 'alerts-table' },
          ),
    );
    list.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-alert', alerts[i]!.id));
  };
  for (const select of [severity, county, operator, state]) select.addEventListener('change', () => void load());
  await load();

  replace(
    root,
    h(
      'div',
      { class: 'card' },
      h('h1', {}, t('alerts.title'), count),
      h('div', { class: 'filters' }, severity, county, me.role === 'operator' ? null : operator, state),
      list,
    ),
  );
  const reload = debounce(() => void load(), 400);
  const off = live.on((e) => {
    if (e.type === 'alert') reload();
  });
  return () => {
    off();
    reload.cancel();
  };
};

/** Asks for the note and acknowledges; `done` runs after the API accepted it. */
export function acknowledgeDialog(api: ApiClient, alert: Alert, done: () => void): void {
  const note = h('textarea', { id: 'ack-note', rows: 3, maxlength: 500, required: true, placeholder: t('alerts.notePlaceholder') });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const dialog = h('dialog', { class: 'card', id: 'ack-dialog' });
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const confirm = h('button', { class: 'primary', id: 'ack-confirm', type: 'submit' }, t('alerts.acknowledge'));
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', {}, t('alerts.acknowledgeTitle')),
    h('p', {}, `${alert.chargerId} #${alert.evseId} · ${tOr(`rule.${alert.rule}`, alert.rule)}`),
    h('label', { for: 'ack-note' }, t('alerts.note')),
    note,
    error,
    h('div', { class: 'buttons' }, h('button', { type: 'button', onclick: close }, t('common.cancel')), confirm),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!note.value.trim()) {
      error.textContent = t('alerts.noteRequired');
      return;
    }
    confirm.disabled = true;
    try {
      await api.send('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`, { note: note.value.trim() });
      close();
      done();
    } catch (err) {
      error.textContent = err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err);
      confirm.disabled = false;
    }
  });
  dialog.append(form);
  document.body.append(dialog);
  dialog.showModal();
  note.focus();
}
