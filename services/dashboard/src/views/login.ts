/** Login with an API token: the role it carries decides what the dashboard shows. */
import { ApiFailure } from '../api/client.js';
import { t } from '../i18n/i18n.js';
import { h, replace } from '../ui/dom.js';

export async function loginView(root: HTMLElement, login: (token: string) => Promise<void>): Promise<void> {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'pwt_…', required: true });
  const message = h('p', { class: 'form-error', id: 'login-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login.submit'));
  const form = h(
    'form',
    { class: 'card login' },
    h('h1', {}, t('login.title')),
    h('p', { class: 'muted' }, t('login.hint')),
    h('label', { for: 'token' }, t('login.token')),
    input,
    button,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    message.textContent = '';
    try {
      await login(token);
    } catch (err) {
      message.textContent = err instanceof ApiFailure && err.status === 401 ? t('login.badToken') : (err as Error).message;
    } finally {
      button.disabled = false;
    }
  });
  replace(root, h('div', { class: 'view view-login' }, form));
  input.focus();
}
