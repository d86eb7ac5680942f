/** Settings kept in this browser: the language and an optional map tile server. */
import { lang, setLang, t } from '../i18n/i18n.js';
import { setTileUrl, tileUrlSetting } from '../session.js';
import { h, replace } from '../ui/dom.js';
import type { View } from './view.js';

export const settingsView: View = async ({ root, me }) => {
  const tiles = h('input', { id: 'tile-url', type: 'url', value: tileUrlSetting() ?? '', placeholder: 'https://tiles.example.cn/{z}/{x}/{y}.png', size: 60 });
  const saved = h('span', { class: 'muted', role: 'status' });
  const language = h('select', { id: 'language' }, h('option', { value: 'zh', selected: lang() === 'zh' }, '中文'), h('option', { value: 'en', selected: lang() === 'en' }, 'English'));
  language.addEventListener('change', () => setLang(language.value === 'en' ? 'en' : 'zh'));
  const form = h('form', { class: 'card settings' }, h('h1', {}, t('settings.title')), h('label', { for: 'language' }, t('settings.language')), language, h('label', { for: 'tile-url' }, t('settings.tileUrl')), h('p', { class: 'muted small' }, t('settings.tileHint')), tiles, h('div', {}, h('button', { class: 'primary', type: 'submit' }, t('common.save')), ' ', saved));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setTileUrl(tiles.value);
    saved.textContent = t('settings.saved');
  });
  replace(root, form, h('div', { class: 'card' }, h('h2', {}, t('settings.session')), h('p', {}, t('settings.loggedInAs', { name: me.name, role: t(`role.${me.role}`) }))));
};
