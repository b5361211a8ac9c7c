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
    } else if (document.body.classList.contains('nav-open') && !e.target.closest('#sidenav')) {
      // A tap outside the open drawer (on the scrim) closes it.
      document.body.classList.remove('nav-open');
      const t = document.querySelector('[data-menu-toggle]');
      if (t) t.setAttribute('aria-expanded', 'false');
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

  // ---- end-user picker (flag targets, segment users): chips + a combobox that searches the environment's end users.
  // Without script the text box is a plain field: keys typed there, separated by commas, are submitted as they are.
  function pickerOf(el) { return el.closest('[data-picker]'); }
  function pickedKeys(picker) {
    return Array.from(picker.querySelectorAll('.chip input[type=hidden]')).map(function (i) { return i.value; });
  }
  function closeList(picker) {
    const list = picker.querySelector('[role=listbox]');
    const input = picker.querySelector('[role=combobox]');
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  function addKeys(picker, text) {
    const input = picker.querySelector('[role=combobox]');
    const have = pickedKeys(picker);
    text.split(/[,\n\r]+/).map(function (k) { return k.trim(); }).filter(function (k) { return k && have.indexOf(k) < 0; }).forEach(function (key) {
      have.push(key);
      const li = document.createElement('li'); li.className = 'chip';
      const span = document.createElement('span'); span.className = 'mono'; span.textContent = key;
      const x = document.createElement('button'); x.type = 'button'; x.className = 'chip-x'; x.dataset.chipRemove = ''; x.setAttribute('aria-label', 'Remove ' + key); x.textContent = '✕';
      const hidden = document.createElement('input'); hidden.type = 'hidden'; hidden.name = picker.dataset.name; hidden.value = key;
      li.append(span, x, hidden);
      input.closest('.picker-entry').before(li);
    });
    input.value = '';
    closeList(picker);
  }
  const searches = new WeakMap();
  function search(picker) {
    const input = picker.querySelector('[role=combobox]');
    const list = picker.querySelector('[role=listbox]');
    const params = new URLSearchParams({ q: input.value.trim() });
    pickedKeys(picker).forEach(function (k) { params.append('exclude', k); });
    const seq = (searches.get(picker) || 0) + 1; searches.set(picker, seq);
    fetch('/users/suggest?' + params, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : ''; })
      .then(function (html) {
        // Drop answers to an older search, to text that has changed since, or after the user left the field.
        if (searches.get(picker) !== seq || document.activeElement !== input || input.value.trim() !== params.get('q')) return;
        list.innerHTML = html;
        list.hidden = !list.querySelector('li');
        input.setAttribute('aria-expanded', String(!list.hidden));
        input.removeAttribute('aria-activedescendant');
      });
  }
  function move(picker, step) {
    const input = picker.querySelector('[role=combobox]');
    const options = Array.from(picker.querySelectorAll('[role=option]'));
    if (!options.length) return;
    let i = options.findIndex(function (o) { return o.getAttribute('aria-selected') === 'true'; });
    options.forEach(function (o) { o.setAttribute('aria-selected', 'false'); });
    i = (i + step + options.length) % options.length;
    options[i].setAttribute('aria-selected', 'true');
    options[i].scrollIntoView({ block: 'nearest' });
    input.setAttribute('aria-activedescendant', options[i].id);
  }
  let timer = null;
  document.addEventListener('input', function (e) {
    if (e.target.matches('[data-picker] [role=combobox]')) {
      const picker = pickerOf(e.target);
      if (/,/.test(e.target.value)) { addKeys(picker, e.target.value); return; }
      clearTimeout(timer); timer = setTimeout(function () { search(picker); }, 200);
    }
  });
  document.addEventListener('focusin', function (e) {
    if (e.target.matches('[data-picker] [role=combobox]')) search(pickerOf(e.target));
  });
  document.addEventListener('focusout', function (e) {
    if (e.target.matches('[data-picker] [role=combobox]')) {
      const picker = pickerOf(e.target);
      setTimeout(function () { if (!picker.contains(document.activeElement)) closeList(picker); }, 150);
    }
  });
  document.addEventListener('keydown', function (e) {
    if (!e.target.matches('[data-picker] [role=combobox]')) return;
    const picker = pickerOf(e.target);
    const list = picker.querySelector('[role=listbox]');
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) search(picker); else move(picker, e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      // Never submit the whole form from here: Enter picks the highlighted user or adds what was typed.
      e.preventDefault();
      const active = list.hidden ? null : picker.querySelector('[role=option][aria-selected=true]');
      if (active) addKeys(picker, active.dataset.key); else if (e.target.value.trim()) addKeys(picker, e.target.value);
      e.target.focus();
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault(); e.stopPropagation(); closeList(picker);
    } else if (e.key === 'Backspace' && e.target.value === '') {
      const chips = picker.querySelectorAll('.chip');
      if (chips.length) chips[chips.length - 1].remove();
    }
  });
  document.addEventListener('mousedown', function (e) {
    const o = e.target.closest('[data-picker] [role=option]');
    if (o) { e.preventDefault(); const picker = pickerOf(o); addKeys(picker, o.dataset.key); picker.querySelector('[role=combobox]').focus(); }
  });
  document.addEventListener('click', function (e) {
    const x = e.target.closest('[data-chip-remove]');
    if (x) { const picker = pickerOf(x); x.closest('.chip').remove(); picker.querySelector('[role=combobox]').focus(); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && document.body.classList.contains('nav-open')) document.body.classList.remove('nav-open');
  });
})();
