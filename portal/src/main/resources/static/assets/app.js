// Small progressive enhancements; every page also works without them.
(function () {
  const root = document.documentElement;
  const stored = localStorage.getItem('tw-theme');
  // Respect the system preference until the user picks a theme.
  const system = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  root.dataset.theme = stored || system;

  document.addEventListener('click', function (e) {
    const t = e.target.closest('[data-theme-toggle]');
    if (t) {
      const next = root.dataset.theme === 'dark' ? 'light' : 'dark';
      root.dataset.theme = next;
      localStorage.setItem('tw-theme', next);
      t.setAttribute('aria-pressed', String(next === 'dark'));
    }
    const m = e.target.closest('[data-menu-toggle]');
    if (m) {
      const open = document.body.classList.toggle('nav-open');
      m.setAttribute('aria-expanded', String(open));
    }
    const c = e.target.closest('[data-copy]');
    if (c) {
      navigator.clipboard.writeText(c.dataset.copy).then(function () {
        const old = c.textContent; c.textContent = 'Copied'; setTimeout(function () { c.textContent = old; }, 1200);
      });
    }
    const o = e.target.closest('[data-open]');
    if (o) { const d = document.getElementById(o.dataset.open); if (d) d.showModal(); }
    const x = e.target.closest('[data-close]');
    if (x) { const d = x.closest('dialog'); if (d) d.close(); }
    const p = e.target.closest('[data-toggle-password]');
    if (p) { const i = document.getElementById(p.dataset.togglePassword); i.type = i.type === 'password' ? 'text' : 'password'; p.textContent = i.type === 'password' ? 'Show' : 'Hide'; }
  });

  // Name -> key slug, until the user edits the key themselves.
  document.addEventListener('input', function (e) {
    const src = e.target.closest('[data-slug-to]');
    if (src) {
      const key = document.getElementById(src.dataset.slugTo);
      if (key && !key.dataset.touched) {
        key.value = src.value.trim().toLowerCase().normalize('NFKD').replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
      }
    }
    if (e.target.dataset && e.target.dataset.slugTarget !== undefined) e.target.dataset.touched = '1';
  });

  // A dialog rendered open by the server (failed save) opens as a modal.
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('dialog[data-open-on-load]').forEach(function (d) { d.showModal(); });
  });
  document.addEventListener('htmx:afterSwap', function () {
    document.querySelectorAll('dialog[data-open-on-load]:not([open])').forEach(function (d) { d.showModal(); });
  });
  // Every htmx request carries the session's CSRF token (forms also carry it as a hidden field).
  document.addEventListener('htmx:configRequest', function (e) {
    const m = document.querySelector('meta[name="csrf-token"]');
    if (m) e.detail.headers['X-CSRF-Token'] = m.content;
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.body.classList.contains('nav-open')) document.body.classList.remove('nav-open');
  });
})();
