/**
 * The page around the pages: header with the navigation the role allows, the live-feed light, language
 * switch and the person logged in; then whichever page the address names. Without a valid token it is
 * the login page.
 */
import { createApiClient, type ApiClient } from './api/client.js';
import type { County, Me, Operator } from './api/types.js';
import { initLang, lang, onLangChange, setLang, storedLang, t } from './i18n/i18n.js';
import type { LabelKey } from './i18n/dictionary.js';
import { openLiveFeed, type FeedState, type LiveFeed } from './live/live-feed.js';
import { link, parseRoute } from './router.js';
import { can, forgetToken, storedToken, storeToken } from './session.js';
import { h, replace } from './ui/dom.js';
import { alertsView } from './views/alerts.js';
import { chargerView } from './views/charger.js';
import { countiesView, countyView } from './views/counties.js';
import { loginView } from './views/login.js';
import { overviewView } from './views/overview.js';
import { planView } from './views/plan.js';
import { reportView } from './views/report.js';
import { settingsView } from './views/settings.js';
import { stationView } from './views/station.js';
import type { Reference, View } from './views/view.js';

const views: Record<string, View> = {
  overview: overviewView,
  counties: countiesView,
  county: countyView,
  station: stationView,
  charger: chargerView,
  alerts: alertsView,
  plan: planView,
  report: reportView,
  settings: settingsView,
};

const nav: Array<{ route: string; href: string; label: LabelKey }> = [
  { route: 'overview', href: link.overview(), label: 'nav.overview' },
  { route: 'counties', href: link.counties(), label: 'nav.counties' },
  { route: 'alerts', href: link.alerts(), label: 'nav.alerts' },
  { route: 'plan', href: link.plan(), label: 'nav.plan' },
  { route: 'settings', href: link.settings(), label: 'nav.settings' },
];

interface Session {
  api: ApiClient;
  me: Me;
  live: LiveFeed;
  reference: Reference;
}

export function startApp(mount: HTMLElement): void {
  initLang(storedLang());
  let session: Session | undefined;
  let leave: (() => void) | undefined;
  let rendering = 0;

  const header = h('header', { class: 'top' });
  const main = h('main', { id: 'page' });
  mount.replaceChildren(header, main);

  const logout = () => {
    session?.live.close();
    session = undefined;
    forgetToken();
    location.hash = link.login();
  };

  async function begin(token: string): Promise<Session> {
    // A token revoked while in use ends the session; a wrong one typed at login just fails the login.
    const api = createApiClient(token, () => {
      if (session?.api === api) logout();
    });
    const me = await api.get<Me>('/api/v1/me');
    if (!can.useDashboard(me.role)) throw new Error(t('login.provinceRefused'));
    const [counties, operators] = await Promise.all([
      api.get<{ items: County[] }>('/api/v1/divisions/counties'),
      api.all<Operator>('/api/v1/operators'),
    ]);
    const byCode = new Map(counties.items.filter((c) => c.code).map((c) => [c.code!, c]));
    const operatorMap = new Map(operators.map((o) => [o.id, o]));
    const reference: Reference = {
      counties: counties.items,
      operators: operatorMap,
      countyName: (code) => {
        const c = code ? byCode.get(code) : undefined;
        return c ? (lang() === 'zh' ? c.nameZh : c.nameEn) : (code ?? t('common.noCounty'));
      },
      operatorName: (id) => (id ? (operatorMap.get(id)?.name ?? id) : '—'),
    };
    return { api, me, live: openLiveFeed(token), reference };
  }

  async function establish(token: string): Promise<void> {
    const next = await begin(token);
    next.live.onState((s: FeedState) => {
      const el = document.getElementById('feed-state');
      if (el) {
        el.className = `feed feed-${s}`;
        el.textContent = t(`feed.${s}`);
      }
    });
    session = next;
  }

  function drawHeader(routeName: string): void {
    if (!session) {
      replace(header, h('div', { class: 'brand' }, h('span', { class: 'logo' }, '⚡'), t('app.title')), langSwitch());
      return;
    }
    const { me, live } = session;
    const light = h('span', { class: `feed feed-${live.state}`, id: 'feed-state', title: t(`feed.${live.state}`) }, t(`feed.${live.state}`));
    const who =
      me.role === 'operator'
        ? `${session.reference.operatorName(me.operatorId)} · ${t('role.operator')}`
        : `${me.name} · ${t(`role.${me.role}` as LabelKey)}`;
    replace(
      header,
      h('div', { class: 'brand' }, h('span', { class: 'logo' }, '⚡'), t('app.title')),
      h(
        'nav',
        {},
        nav.map((item) => h('a', { href: item.href, class: item.route === routeName || (item.route === 'counties' && ['county', 'station', 'charger'].includes(routeName)) ? 'active' : '' }, t(item.label))),
      ),
      h('div', { class: 'session' }, light, langSwitch(), h('span', { class: 'who', id: 'who', 'data-role': me.role }, who), h('button', { class: 'link', onclick: logout }, t('nav.logout'))),
    );
  }

  function langSwitch(): HTMLElement {
    return h('button', { class: 'lang', id: 'lang-switch', onclick: () => setLang(lang() === 'zh' ? 'en' : 'zh') }, lang() === 'zh' ? 'English' : '中文');
  }

  async function render(): Promise<void> {
    const turn = ++rendering;
    leave?.();
    leave = undefined;
    const route = parseRoute(location.hash);
    if (!session) {
      const token = storedToken();
      if (token) {
        try {
          await establish(token);
        } catch {
          forgetToken();
        }
      }
      if (turn !== rendering) return;
    }
    if (!session || route.name === 'login') {
      if (session && route.name === 'login') {
        location.hash = link.overview();
        return;
      }
      drawHeader('login');
      document.body.dataset.page = 'login';
      await loginView(main, async (token) => {
        await establish(token);
        storeToken(token);
        if (parseRoute(location.hash).name === 'login') location.hash = link.overview();
        else void render();
      });
      return;
    }
    drawHeader(route.name);
    document.body.dataset.page = route.name;
    const view = views[route.name];
    main.replaceChildren();
    if (!view) {
      main.append(h('div', { class: 'card empty' }, t('common.notFound')));
      return;
    }
    main.append(h('div', { class: 'loading' }, t('common.loading')));
    const root = h('div', { class: `view view-${route.name}` });
    try {
      const cleanup = await view({
        root,
        api: session.api,
        me: session.me,
        live: session.live,
        params: route.params,
        navigate: (hash) => (location.hash = hash),
        reference: session.reference,
      });
      if (turn !== rendering) {
        cleanup?.();
        return;
      }
      leave = cleanup ?? undefined;
      main.replaceChildren(root);
    } catch (err) {
      if (turn !== rendering) return;
      main.replaceChildren(h('div', { class: 'card error', role: 'alert' }, `${t('common.failed')}: ${(err as Error).message}`));
    }
  }

  window.addEventListener('hashchange', () => void render());
  onLangChange(() => void render());
  void render();
}
