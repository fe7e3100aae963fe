/* KvK Sync — the KvK page. Plain JavaScript, no build step: it calls the review-api with the bearer token the
   admin pasted on the sign-in page (kept in sessionStorage, so it is gone when the tab closes). */
(function () {
  'use strict';

  var TOKEN_KEY = 'kvk.token';
  var app = document.getElementById('app');
  var banner = document.getElementById('banner');
  var KINDS = [['UPDATE', 'Updates'], ['ENDED', 'Ended'], ['NEW', 'New']];
  var FIELDS = ['tradeName', 'statutoryName', 'website', 'phone', 'visitingAddress', 'postalAddress', 'sbiCode',
    'sbiDescription', 'employees', 'kvkNummer', 'vestigingsnummer', 'foundingDate', 'rsin', 'legalForm'];
  var LABELS = { tradeName: 'Trade name', statutoryName: 'Statutory name', website: 'Website', phone: 'Phone',
    visitingAddress: 'Visiting address', postalAddress: 'Postal address', sbiCode: 'SBI code',
    sbiDescription: 'SBI description', employees: 'Employees', kvkNummer: 'KvK number',
    vestigingsnummer: 'Establishment number', foundingDate: 'Founding date', rsin: 'RSIN', legalForm: 'Legal form' };
  var SECTIONS = 'ABCDEFGHIJKLMNOPQRSTUV'.split('');
  var LEGAL_FORMS = ['EENMANSZAAK', 'MAATSCHAP', 'VOF', 'CV', 'BV', 'NV', 'COOPERATIE', 'VERENIGING', 'STICHTING'];
  var state = { env: null, filters: {}, page: 0, selected: {}, pollTimer: null };

  // ---- helpers -------------------------------------------------------------------------------------------------
  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function claims() {
    var t = token();
    if (!t) return null;
    try {
      var part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) { return null; }
  }
  function isAdmin() { var c = claims(); return !!(c && (c.roles || []).indexOf('kvk-admin') >= 0); }
  function fmtDate(iso) { if (!iso) return ''; var d = new Date(iso); return d.toLocaleString('nl-NL', { dateStyle: 'medium', timeStyle: 'short' }); }
  function fmtNum(n) { return n == null ? '–' : Number(n).toLocaleString('nl-NL'); }
  function go(hash) { if (location.hash === hash) route(); else location.hash = hash; }

  function showBanner(html, ok) {
    banner.innerHTML = '<button class="link close" aria-label="close">×</button>' + html;
    banner.className = 'banner' + (ok ? ' ok' : '');
    banner.hidden = false;
    state.bannerAt = Date.now();
    $('.close', banner).onclick = function () { banner.hidden = true; };
  }
  function hideBanner() { banner.hidden = true; }

  /** Shows a problem+json answer: its title, detail and per-field errors (also marked on the form). */
  function showProblem(p) {
    var html = '<strong>' + esc(p.title || 'Something went wrong') + '</strong> — ' + esc(p.detail || '');
    if (p.errors && p.errors.length) {
      html += '<ul>' + p.errors.map(function (e) { return '<li><code>' + esc(e.field) + '</code> ' + esc(e.message) + '</li>'; }).join('') + '</ul>';
      $all('[data-field]').forEach(function (el) { el.classList.remove('invalid'); });
      p.errors.forEach(function (e) {
        var el = $('[data-field="' + e.field.replace(/"/g, '') + '"]') || $('[data-field="' + e.field.split(/[\[.]/)[0] + '"]');
        if (el) el.classList.add('invalid');
      });
    }
    showBanner(html, false);
  }

  function api(method, path, body) {
    var headers = { 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          go('#/signin');
          throw { title: 'Signed out', detail: 'your token is missing, invalid or expired — sign in again' };
        }
        if (r.status === 204) return null;
        var type = r.headers.get('Content-Type') || '';
        var parse = type.indexOf('json') >= 0 ? r.json() : r.text();
        return parse.then(function (data) {
          if (!r.ok) throw (typeof data === 'object' ? data : { title: 'HTTP ' + r.status, detail: String(data) });
          return data;
        });
      }, function () { throw { title: 'Network error', detail: 'review-api did not answer' }; });
  }

  function envPath(path) { return '/environments/' + encodeURIComponent(state.env) + path; }

  // ---- sign in -------------------------------------------------------------------------------------------------
  function renderSignin(message) {
    $('#envnav').hidden = true;
    app.innerHTML =
      '<div class="panel signin">' +
      '<h1>Sign in with a dev token</h1>' +
      (message ? '<p class="muted">' + esc(message) + '</p>' : '') +
      '<p>Paste a bearer token for your environment. On the local stack make one with</p>' +
      '<p><code>./kvk token --env ENV --role kvk-admin</code></p>' +
      '<label for="token" class="sr-only">Token</label><textarea id="token" placeholder="eyJhbGciOiJSUzI1NiIs..."></textarea>' +
      '<p><button id="signin" class="primary">Sign in</button></p>' +
      '<p class="muted">The token stays in this browser tab only (sessionStorage).</p></div>';
    $('#signin').onclick = function () {
      var t = $('#token').value.trim().replace(/^Bearer\s+/i, '');
      sessionStorage.setItem(TOKEN_KEY, t);
      var c = claims();
      if (!c || !c.environments) {
        sessionStorage.removeItem(TOKEN_KEY);
        showBanner('<strong>That is not a KvK Sync token.</strong> Expected a JWT with <code>roles</code> and <code>environments</code>.');
        return;
      }
      if (c.exp && c.exp * 1000 < Date.now()) {
        sessionStorage.removeItem(TOKEN_KEY);
        showBanner('<strong>That token has expired.</strong> Make a new one with <code>./kvk token</code>.');
        return;
      }
      hideBanner();
      enter();
    };
  }

  function enter() {
    var c = claims();
    var envs = (c.environments || []).filter(function (e) { return e !== '*'; });
    var pick = function (list) {
      if (!list.length) { app.innerHTML = '<div class="panel empty"><div class="big">🔒</div>This token names no environment.</div>'; return; }
      var sel = $('#env-select');
      sel.innerHTML = list.map(function (e) { return '<option>' + esc(e) + '</option>'; }).join('');
      sel.onchange = function () { go('#/env/' + encodeURIComponent(sel.value) + '/UPDATE'); };
      $('#whoami').textContent = (c.sub || '') + ' · ' + (c.roles || []).join(', ');
      $('#envnav').hidden = false;
      var current = routeParts()[1];
      go('#/env/' + encodeURIComponent(current && list.indexOf(current) >= 0 ? current : list[0]) + '/UPDATE');
    };
    if ((c.environments || []).indexOf('*') >= 0) {
      api('GET', '/environments').then(function (list) { pick(list.map(function (e) { return e.environmentId; })); }, showProblem);
    } else {
      pick(envs);
    }
  }

  // ---- shell: tabs ---------------------------------------------------------------------------------------------
  function shell(active, counts) {
    counts = counts || {};
    var tabs = KINDS.map(function (k) {
      return '<button class="tab' + (active === k[0] ? ' active' : '') + '" data-tab="' + k[0] + '">' + k[1] +
        '<span class="count" data-count="' + k[0] + '">' + (counts[k[0]] == null ? '·' : fmtNum(counts[k[0]])) + '</span></button>';
    }).join('') +
      '<button class="tab' + (active === 'import' ? ' active' : '') + '" data-tab="import">Import</button>' +
      '<button class="tab' + (active === 'runs' ? ' active' : '') + '" data-tab="runs">Weekly runs</button>' +
      '<button class="tab' + (active === 'audit' ? ' active' : '') + '" data-tab="audit">Audit</button>';
    return '<div class="tabs" role="tablist">' + tabs + '</div><div id="view"></div>';
  }
  function bindTabs() {
    if (!$('#f-status')) api('GET', envPath('/proposals?size=1')).then(function (pg) { updateCounts(pg.counts); }, function () { });
    $all('.tab').forEach(function (b) {
      b.onclick = function () { window.scrollTo(0, 0); state.page = 0; state.selected = {}; go('#/env/' + encodeURIComponent(state.env) + '/' + b.dataset.tab); };
    });
  }
  function updateCounts(counts) {
    KINDS.forEach(function (k) { var el = $('[data-count="' + k[0] + '"]'); if (el) el.textContent = fmtNum(counts[k[0]] || 0); });
  }

  // ---- proposal list -------------------------------------------------------------------------------------------
  function filterQuery(kind) {
    var f = state.filters, q = ['kind=' + kind, 'page=' + state.page, 'size=50'];
    ['field', 'sbiSection', 'postcodeFrom', 'postcodeTo', 'olderThan'].forEach(function (k) { if (f[k]) q.push(k + '=' + encodeURIComponent(f[k])); });
    if (f.conflict) q.push('conflict=true');
    if (f.status && f.status !== 'PENDING') q.push('status=' + f.status);
    return q.join('&');
  }
  function filterBody(kind) {
    var f = state.filters, body = { kind: kind };
    ['field', 'sbiSection', 'postcodeFrom', 'postcodeTo', 'olderThan'].forEach(function (k) { if (f[k]) body[k] = String(f[k]); });
    if (f.conflict) body.conflict = 'true';
    if (f.status === 'FAILED') body.status = 'FAILED';
    return body;
  }

  function renderList(kind) {
    app.innerHTML = shell(kind);
    bindTabs();
    var f = state.filters;
    var view = $('#view');
    view.innerHTML =
      '<div class="panel">' +
      '<div class="filters">' +
      '<label>Status<select id="f-status"><option value="PENDING">Pending</option><option value="FAILED">Failed</option>' +
      '<option value="ACCEPTED">Accepted, waiting for the CRM</option><option value="APPLIED">Applied</option>' +
      '<option value="REJECTED">Rejected</option><option value="SUPERSEDED">Superseded</option></select></label>' +
      (kind === 'UPDATE' ? '<label>Changed field<select id="f-field"><option value="">any</option>' +
        FIELDS.map(function (x) { return '<option value="' + x + '">' + LABELS[x] + '</option>'; }).join('') + '</select></label>' : '') +
      '<label>SBI section<select id="f-section"><option value="">any</option>' + SECTIONS.map(function (s) { return '<option>' + s + '</option>'; }).join('') + '</select></label>' +
      '<label>Postcode from<input id="f-from" type="number" min="1000" max="9999" placeholder="1000" data-field="postcodeFrom"></label>' +
      '<label>to<input id="f-to" type="number" min="1000" max="9999" placeholder="9999" data-field="postcodeTo"></label>' +
      '<label>Older than (days)<input id="f-age" type="number" min="0" placeholder="0" data-field="olderThan"></label>' +
      (kind === 'UPDATE' ? '<label class="check"><input id="f-conflict" type="checkbox"> conflicts only</label>' : '') +
      '<button id="f-apply">Apply</button> <button id="f-clear" class="link">Clear</button>' +
      '</div>' +
      '<div class="toolbar"><div id="summary" class="muted"><span class="spinner"></span> loading…</div>' +
      (isAdmin() ? '<div><button id="accept-selected" disabled>Accept selected</button> <button id="bulk-open" class="primary">Bulk accept…</button></div>' : '') +
      '</div>' +
      '<div id="bulk-panel"></div>' +
      '<div id="list"></div></div>';
    $('#f-status').value = f.status || 'PENDING';
    if ($('#f-field')) $('#f-field').value = f.field || '';
    $('#f-section').value = f.sbiSection || '';
    $('#f-from').value = f.postcodeFrom || ''; $('#f-to').value = f.postcodeTo || ''; $('#f-age').value = f.olderThan || '';
    if ($('#f-conflict')) $('#f-conflict').checked = !!f.conflict;
    $('#f-apply').onclick = function () {
      state.filters = { status: $('#f-status').value, field: $('#f-field') ? $('#f-field').value : '', sbiSection: $('#f-section').value,
        postcodeFrom: $('#f-from').value, postcodeTo: $('#f-to').value, olderThan: $('#f-age').value,
        conflict: $('#f-conflict') ? $('#f-conflict').checked : false };
      state.page = 0; state.selected = {}; renderList(kind);
    };
    $('#f-clear').onclick = function () { state.filters = {}; state.page = 0; renderList(kind); };
    if ($('#bulk-open')) $('#bulk-open').onclick = function () { openBulk(kind); };
    if ($('#accept-selected')) $('#accept-selected').onclick = function () { acceptSelected(kind); };
    loadList(kind);
  }

  function loadList(kind) {
    api('GET', envPath('/proposals?' + filterQuery(kind))).then(function (page) {
      hideBannerUnlessOk();
      updateCounts(page.counts);
      var from = page.total ? page.page * page.size + 1 : 0, to = page.page * page.size + page.items.length;
      $('#summary').innerHTML = '<strong data-total="' + page.total + '">' + fmtNum(page.total) + '</strong> ' +
        (page.total === 1 ? 'proposal' : 'proposals') + (page.total ? ' · showing ' + from + '–' + to : '');
      var list = $('#list');
      if (!page.items.length) {
        list.innerHTML = '<div class="empty"><div class="big">✓</div><strong>Nothing to review here.</strong><br>' +
          (hasFilters() ? 'No proposal matches these filters.' : 'When the weekly KvK feed brings changes, they appear in this list.') + '</div>';
        return;
      }
      var pending = (state.filters.status || 'PENDING') === 'PENDING' || state.filters.status === 'FAILED';
      list.innerHTML = '<table><thead><tr>' + (isAdmin() && pending ? '<th><input type="checkbox" id="select-all" aria-label="select all"></th>' : '') +
        '<th>Organisation</th><th>Where</th><th>' + (kind === 'UPDATE' ? 'What changed' : kind === 'ENDED' ? 'Ended' : 'Why') +
        '</th><th>Raised</th><th></th></tr></thead><tbody>' +
        page.items.map(function (p) { return row(p, kind, pending); }).join('') + '</tbody></table>' +
        '<div class="pager"><button id="prev"' + (page.page === 0 ? ' disabled' : '') + '>← Previous</button>' +
        '<span>page ' + (page.page + 1) + ' of ' + Math.max(1, Math.ceil(page.total / page.size)) + '</span>' +
        '<button id="next"' + (to >= page.total ? ' disabled' : '') + '>Next →</button></div>';
      $('#prev').onclick = function () { state.page--; loadList(kind); };
      $('#next').onclick = function () { state.page++; loadList(kind); };
      $all('tr.row').forEach(function (tr) {
        var id = tr.dataset.proposalId;
        $('.open', tr).onclick = function () { go('#/env/' + encodeURIComponent(state.env) + '/proposal/' + encodeURIComponent(id)); };
        var acc = $('.accept', tr);
        if (acc) acc.onclick = function () { acceptOne(id, tr, kind); };
        var cb = $('.pick', tr);
        if (cb) cb.onchange = function () { if (cb.checked) state.selected[id] = true; else delete state.selected[id]; syncSelected(); };
      });
      if ($('#select-all')) $('#select-all').onchange = function () {
        var on = $('#select-all').checked;
        $all('.pick').forEach(function (cb) { cb.checked = on; if (on) state.selected[cb.value] = true; else delete state.selected[cb.value]; });
        syncSelected();
      };
    }, function (p) { $('#summary').textContent = ''; showProblem(p); });
  }
  function hasFilters() { var f = state.filters; return !!(f.field || f.sbiSection || f.postcodeFrom || f.postcodeTo || f.olderThan || f.conflict); }
  function hideBannerUnlessOk() { if (!banner.classList.contains('ok')) hideBanner(); }
  function syncSelected() { var b = $('#accept-selected'); if (b) { var n = Object.keys(state.selected).length; b.disabled = !n; b.textContent = n ? 'Accept selected (' + n + ')' : 'Accept selected'; } }

  function row(p, kind, pending) {
    var what;
    if (kind === 'UPDATE') {
      what = (p.fields || []).map(function (f) {
        return '<span class="chip' + ((p.conflictFields || []).indexOf(f) >= 0 ? ' badge conflict' : '') + '">' + esc(LABELS[f] || f) + '</span>';
      }).join('') || '<span class="muted">details only</span>';
    } else if (kind === 'ENDED') {
      what = '<span class="badge ENDED">registration ended</span>';
    } else {
      what = '<span class="badge NEW">new registration</span>' + (p.importId ? ' <span class="muted">import</span>' : '');
    }
    var badges = (p.conflict ? ' <span class="badge conflict">conflict</span>' : '') + (p.stale ? ' <span class="badge stale">stale</span>' : '') +
      (p.status !== 'PENDING' ? ' <span class="badge ' + esc(p.status) + '">' + esc(p.status.toLowerCase()) + '</span>' : '');
    var decidable = isAdmin() && (p.status === 'PENDING' || p.status === 'FAILED');
    return '<tr class="row" data-proposal-id="' + esc(p.proposalId) + '">' +
      (isAdmin() && pending ? '<td><input type="checkbox" class="pick" value="' + esc(p.proposalId) + '"' + (state.selected[p.proposalId] ? ' checked' : '') + (decidable ? '' : ' disabled') + '></td>' : '') +
      '<td><div class="name">' + esc(p.tradeName || p.registrationKey) + badges + '</div><div class="muted">KvK ' + esc(p.kvkNummer) + ' · ' + esc(p.registrationKey) + '</div>' +
      (p.failure ? '<div class="field-error">' + esc(p.failure) + '</div>' : '') + '</td>' +
      '<td>' + esc(p.city || '') + '<div class="muted">' + esc(p.postcode || '') + (p.sbiCode ? ' · SBI ' + esc(p.sbiCode) + ' (' + esc(p.sbiSection || '?') + ')' : '') + '</div></td>' +
      '<td>' + what + '</td>' +
      '<td>' + fmtDate(p.raisedAt) + '<div class="muted">' + (p.ageDays ? p.ageDays + ' days ago' : 'today') + '</div></td>' +
      '<td class="actions"><button class="open">Review</button> ' + (decidable ? '<button class="accept primary">Accept</button>' : '') + '</td></tr>';
  }

  function acceptOne(id, tr, kind) {
    tr.classList.add('leaving');
    api('POST', envPath('/proposals/' + encodeURIComponent(id) + ':accept'), {}).then(function (d) {
      showBanner('Accepted — decision <code>' + esc(d.decisionId) + '</code> is on its way to the CRM.', true);
      delete state.selected[id];
      loadList(kind);
    }, function (p) { tr.classList.remove('leaving'); showProblem(p); });
  }

  function acceptSelected(kind) {
    var ids = Object.keys(state.selected);
    if (!ids.length) return;
    api('POST', envPath('/proposals:bulk-accept'), { ids: ids }).then(function (r) {
      state.selected = {};
      reportBulk(r);
      loadList(kind);
    }, showProblem);
  }

  function openBulk(kind) {
    var panel = $('#bulk-panel');
    panel.innerHTML = '<div class="panel bulk"><span class="spinner"></span> counting what the current filter selects…</div>';
    api('POST', envPath('/proposals:bulk-preview'), { filter: filterBody(kind) }).then(function (pv) {
      panel.innerHTML = '<div class="panel bulk"><div class="toolbar"><div>' +
        '<div class="figure" id="bulk-preview-count" data-count="' + pv.count + '">' + fmtNum(pv.count) + '</div>' +
        '<div>' + (pv.count === 1 ? 'proposal' : 'proposals') + ' match the filters above and will be accepted with every field' +
        (pv.conflicts ? ' — <strong>' + fmtNum(pv.conflicts) + ' with conflicts</strong> (a user edited a field KvK changes)' : '') + '.</div></div>' +
        '<div><button id="bulk-cancel">Cancel</button> <button id="bulk-confirm" class="primary"' + (pv.count ? '' : ' disabled') + '>Accept ' + fmtNum(pv.count) + '</button></div></div></div>';
      $('#bulk-cancel').onclick = function () { panel.innerHTML = ''; };
      $('#bulk-confirm').onclick = function () {
        $('#bulk-confirm').disabled = true;
        $('#bulk-confirm').innerHTML = '<span class="spinner"></span> accepting…';
        api('POST', envPath('/proposals:bulk-accept'), { filter: filterBody(kind) }).then(function (r) {
          panel.innerHTML = '';
          reportBulk(r);
          loadList(kind);
        }, function (p) { panel.innerHTML = ''; showProblem(p); });
      };
    }, function (p) { panel.innerHTML = ''; showProblem(p); });
  }

  function reportBulk(r) {
    var html = '<span id="bulk-result" data-decided="' + r.decided + '"><strong>' + fmtNum(r.decided) + ' accepted</strong>' +
      (r.failed ? ', ' + fmtNum(r.failed) + ' could not be:' : '.') + '</span>';
    if (r.failed) {
      html += '<ul>' + r.failures.slice(0, 10).map(function (f) { return '<li><code>' + esc(f.proposalId) + '</code> ' + esc(f.detail) + '</li>'; }).join('') +
        (r.failed > 10 ? '<li>… and ' + (r.failed - 10) + ' more</li>' : '') + '</ul>';
    }
    showBanner(html, !r.failed);
  }

  // ---- one proposal: the three-way diff ------------------------------------------------------------------------
  function renderProposal(id) {
    app.innerHTML = shell('');
    bindTabs();
    $('#view').innerHTML = '<div class="panel"><span class="spinner"></span> loading…</div>';
    api('GET', envPath('/proposals/' + encodeURIComponent(id))).then(function (d) {
      var p = d.proposal, kind = p.kind, decidable = isAdmin() && (p.status === 'PENDING' || p.status === 'FAILED');
      var rows = d.diff.filter(function (f) { return kind !== 'NEW' || f.kvkNew != null; }).map(function (f) {
        var moved = kind === 'NEW' || f.kvkChanged;
        var cls = f.conflict ? 'conflict' : (moved && f.differsFromCrm ? 'changed' : 'same');
        var crm = f.crmCurrent == null ? '<span class="muted">—</span>' : esc(f.crmCurrent);
        if (f.crmChangedBy || f.crmSource) crm += '<div class="muted">' + esc(f.crmSource === 'USER' ? 'edited by ' + (f.crmChangedBy || 'a user') : (f.crmSource || '').toLowerCase()) +
          (f.crmChangedAt ? ' · ' + fmtDate(new Date(f.crmChangedAt).toISOString()) : '') + '</div>';
        var pick = kind === 'UPDATE' && decidable
          ? '<input type="checkbox" class="take" value="' + f.field + '"' + (moved && f.differsFromCrm && !f.conflict ? ' checked' : '') + (f.differsFromCrm ? '' : ' disabled') + ' aria-label="take ' + esc(LABELS[f.field]) + '">' : '';
        return '<tr class="' + cls + '" data-field-row="' + f.field + '"><td>' + pick + '</td><td class="field">' + esc(LABELS[f.field] || f.field) + '</td>' +
          (kind === 'NEW' ? '' : '<td>' + (f.kvkAtLastSync == null ? '<span class="muted">—</span>' : esc(f.kvkAtLastSync)) + '</td><td>' + crm + '</td>') +
          '<td class="kvk-new">' + (f.kvkNew == null ? '<span class="muted">—</span>' : esc(f.kvkNew)) + '</td></tr>';
      }).join('');
      var facts = d.registration;
      $('#view').innerHTML =
        '<div class="panel"><button class="link" id="back">← back to ' + esc((KINDS.filter(function (k) { return k[0] === kind; })[0] || [0, 'list'])[1]) + '</button>' +
        '<h1>' + esc(p.tradeName || p.registrationKey) + ' <span class="badge ' + esc(kind) + '">' + esc(kind.toLowerCase()) + '</span>' +
        (p.status !== 'PENDING' ? ' <span class="badge ' + esc(p.status) + '">' + esc(p.status.toLowerCase()) + '</span>' : '') +
        (p.conflict ? ' <span class="badge conflict">' + p.conflictFields.length + ' conflict' + (p.conflictFields.length > 1 ? 's' : '') + '</span>' : '') + '</h1>' +
        '<div class="muted">KvK ' + esc(p.kvkNummer) + ' · ' + esc(p.registrationKey) + (d.organisation ? ' · CRM organisation ' + esc(d.organisation.organisationId) + ' (' + esc(d.organisation.type || '') + ')' : '') +
        ' · raised ' + fmtDate(p.raisedAt) + (p.stale ? ' <span class="badge stale">stale</span>' : '') + '</div>' +
        (p.failure ? '<div class="banner">The CRM could not apply the last decision: ' + esc(p.failure) + '</div>' : '') +
        (kind === 'ENDED' ? '<p>KvK reports this registration ended' + (facts.endDate ? ' on <strong>' + esc(facts.endDate) + '</strong>' : '') +
          (facts.endReason ? ' (' + esc(facts.endReason.toLowerCase()) + ')' : '') + '. Accepting marks the organisation as <strong>former</strong>.</p>' : '') +
        (kind === 'NEW' ? '<p>Accepting creates a <strong>' + esc(d.organisationType || 'new') + '</strong> organisation from this registration, subscribed to KvK updates.</p>' : '') +
        '<h3>Why</h3><ul>' + d.reasons.map(function (r) { return '<li>' + esc(r.detail) + '</li>'; }).join('') + '</ul>' +
        '<h3>' + (kind === 'NEW' ? 'Registration' : 'Field by field') + '</h3>' +
        '<table class="diff"><thead><tr><th></th><th>Field</th>' + (kind === 'NEW' ? '' : '<th>KvK at last sync</th><th>CRM now</th>') + '<th>KvK new</th></tr></thead><tbody>' + rows + '</tbody></table>' +
        (decidable ? '<div class="toolbar" style="margin-top:16px"><div class="muted">' + (kind === 'UPDATE' ? 'Conflicting fields are unticked: a user changed them after the last sync.' : '') + '</div><div>' +
          '<input id="reject-reason" placeholder="reason for rejecting" data-field="reason"> <button id="reject" class="danger">Reject</button> ' +
          (kind === 'UPDATE' ? '<button id="accept-fields">Accept ticked fields</button> ' : '') +
          '<button id="accept-all" class="primary">Accept' + (kind === 'UPDATE' ? ' all' : '') + '</button></div></div>' : '') +
        (d.history && d.history.length ? '<h3>History</h3><ul>' + d.history.map(function (h) { return '<li>' + fmtDate(new Date(h.at).toISOString()) + ' — ' + esc(h.status.toLowerCase()) + (h.by ? ' by ' + esc(h.by) : '') + (h.note ? ' <span class="muted">' + esc(h.note) + '</span>' : '') + '</li>'; }).join('') + '</ul>' : '') +
        '</div>';
      $('#back').onclick = function () { go('#/env/' + encodeURIComponent(state.env) + '/' + kind); };
      api('GET', envPath('/proposals?size=1')).then(function (pg) { updateCounts(pg.counts); }, function () { });
      var decide = function (path, body) {
        api('POST', envPath('/proposals/' + encodeURIComponent(id) + path), body).then(function (r) {
          showBanner((path === ':reject' ? 'Rejected' : 'Accepted') + ' — decision <code>' + esc(r.decisionId) + '</code>.', true);
          go('#/env/' + encodeURIComponent(state.env) + '/' + kind);
        }, showProblem);
      };
      if ($('#accept-all')) $('#accept-all').onclick = function () { decide(':accept', {}); };
      if ($('#accept-fields')) $('#accept-fields').onclick = function () {
        var fields = $all('.take:checked').map(function (c) { return c.value; });
        if (!fields.length) { showBanner('<strong>Tick at least one field</strong> to accept, or reject the proposal.'); return; }
        decide(':accept', { fields: fields });
      };
      if ($('#reject')) $('#reject').onclick = function () { decide(':reject', { reason: $('#reject-reason').value }); };
    }, showProblem);
  }

  // ---- import page: profiles, dry run, import, progress --------------------------------------------------------
  function renderImport(profileId) {
    app.innerHTML = shell('import');
    bindTabs();
    $('#view').innerHTML = '<div class="grid2"><div class="panel"><h2>Profiles</h2><ul id="profiles" class="list-plain"><li class="muted">loading…</li></ul>' +
      (isAdmin() ? '<button id="new-profile" style="margin-top:10px">+ New profile</button>' : '') + '</div><div id="editor"></div></div>';
    if ($('#new-profile')) $('#new-profile').onclick = function () { editProfile(null); };
    Promise.all([api('GET', envPath('/profiles')), api('GET', envPath('')).catch(function () { return null; })]).then(function (res) {
      var profiles = res[0]; state.environment = res[1];
      $('#profiles').innerHTML = profiles.length ? profiles.map(function (p) {
        return '<li data-profile-id="' + esc(p.profileId) + '"><div class="name">' + esc(p.name) + '</div><div class="muted">' +
          esc(p.organisationType) + ' · ' + p.postcodeRanges.map(function (r) { return r.from + '–' + r.to; }).join(', ') + ' · SBI ' + esc(p.sbiInclude.join(', ')) + '</div></li>';
      }).join('') : '<li class="muted">No profiles yet. A profile selects registrations by postcode and SBI code.</li>';
      $all('#profiles li[data-profile-id]').forEach(function (li) {
        li.onclick = function () { editProfile(profiles.filter(function (p) { return p.profileId === li.dataset.profileId; })[0]); };
      });
      var chosen = profiles.filter(function (p) { return p.profileId === profileId; })[0];
      editProfile(chosen || (isAdmin() && !profiles.length ? null : profiles[0]) || null);
    }, showProblem);
  }

  function editProfile(p) {
    stopPolling();
    $all('#profiles li').forEach(function (li) { li.classList.toggle('active', !!p && li.dataset.profileId === p.profileId); });
    var types = state.environment && state.environment.organisationTypes && state.environment.organisationTypes.length ? state.environment.organisationTypes : null;
    var ro = isAdmin() ? '' : ' disabled';
    p = p || { name: '', organisationType: types ? types[0] : 'prospect', offerNewRegistrations: false, postcodeRanges: [{ from: '', to: '' }], sbiInclude: [], sbiExclude: [], sbiScope: 'PRIMARY', legalForms: [], minEmployees: null };
    $('#editor').innerHTML = '<div class="panel"><h2>' + (p.profileId ? 'Profile · ' + esc(p.name) : 'New profile') + '</h2><div class="form">' +
      '<label for="profile-name">Name</label><input id="profile-name" data-field="name" value="' + esc(p.name) + '"' + ro + '>' +
      '<label for="profile-type">Organisation type</label>' + (types
        ? '<select id="profile-type" data-field="organisationType"' + ro + '>' + types.map(function (t) { return '<option' + (t === p.organisationType ? ' selected' : '') + '>' + esc(t) + '</option>'; }).join('') + '</select>'
        : '<input id="profile-type" data-field="organisationType" value="' + esc(p.organisationType) + '"' + ro + '>') +
      '<label>Postcode ranges</label><div id="ranges-wrap"><div class="ranges" id="ranges" data-field="postcodeRanges"></div></div>' +
      '<label for="sbi-include">SBI codes to include</label><input id="sbi-include" data-field="sbiInclude" placeholder="93, 8551" value="' + esc(p.sbiInclude.join(', ')) + '"' + ro + '>' +
      '<label for="sbi-exclude">SBI codes to exclude</label><input id="sbi-exclude" data-field="sbiExclude" placeholder="9312" value="' + esc(p.sbiExclude.join(', ')) + '"' + ro + '>' +
      '<label for="sbi-scope">Match SBI of</label><select id="sbi-scope" data-field="sbiScope"' + ro + '><option value="PRIMARY">the primary activity</option><option value="ANY">any activity</option></select>' +
      '<label>Legal forms</label><div data-field="legalForms">' + LEGAL_FORMS.map(function (f) { return '<label class="chip"><input type="checkbox" class="lf" value="' + f + '"' + (p.legalForms.indexOf(f) >= 0 ? ' checked' : '') + ro + '> ' + f + '</label>'; }).join('') + ' <span class="muted">none ticked: any</span></div>' +
      '<label for="min-employees">Minimum employees</label><input id="min-employees" type="number" min="0" data-field="minEmployees" value="' + (p.minEmployees == null ? '' : p.minEmployees) + '"' + ro + '>' +
      '<label></label><label class="check"><input id="offer-new" type="checkbox"' + (p.offerNewRegistrations ? ' checked' : '') + ro + '> offer new registrations from the weekly feed</label>' +
      '</div>' +
      (isAdmin() ? '<div class="toolbar" style="margin-top:16px"><div>' + (p.profileId ? '<button id="delete-profile" class="danger">Delete</button>' : '') + '</div><div>' +
        '<button id="dry-run">Dry run</button> <button id="save-profile" class="primary">' + (p.profileId ? 'Save changes' : 'Save profile') + '</button> ' +
        (p.profileId ? '<button id="start-import" class="primary" disabled title="run a dry run within the band first">Start import</button>' : '') + '</div></div>' : '') +
      '</div><div id="dry-result"></div><div id="import-progress"></div>';
    $('#sbi-scope').value = p.sbiScope || 'PRIMARY';
    var ranges = $('#ranges');
    var addRange = function (r, i) {
      var div = document.createElement('div');
      div.className = 'range';
      div.innerHTML = '<input type="number" class="r-from" id="range-from-' + i + '" data-field="postcodeRanges[' + i + '].from" placeholder="5200" value="' + esc(r.from) + '"' + ro + '> – ' +
        '<input type="number" class="r-to" id="range-to-' + i + '" data-field="postcodeRanges[' + i + '].to" placeholder="5500" value="' + esc(r.to) + '"' + ro + '>' +
        (isAdmin() ? ' <button class="link rm">remove</button>' : '');
      ranges.appendChild(div);
      if ($('.rm', div)) $('.rm', div).onclick = function () { div.remove(); };
    };
    (p.postcodeRanges.length ? p.postcodeRanges : [{ from: '', to: '' }]).forEach(addRange);
    if (isAdmin()) {
      var add = document.createElement('button'); add.className = 'link'; add.textContent = '+ add range';
      add.onclick = function () { addRange({ from: '', to: '' }, $all('.range', ranges).length); };
      $('#ranges-wrap').appendChild(add);
      $('#dry-run').onclick = function () { dryRun(collect()); };
      $('#save-profile').onclick = function () {
        var body = collect();
        var call = p.profileId ? api('PUT', envPath('/profiles/' + encodeURIComponent(p.profileId)), Object.assign(body, { version: p.version }))
          : api('POST', envPath('/profiles'), body);
        call.then(function (saved) { showBanner('Profile <strong>' + esc(saved.name) + '</strong> saved (version ' + saved.version + ').', true); renderImport(saved.profileId); }, showProblem);
      };
      if ($('#delete-profile')) $('#delete-profile').onclick = function () {
        if (!confirm('Delete profile ' + p.name + '?')) return;
        api('DELETE', envPath('/profiles/' + encodeURIComponent(p.profileId))).then(function () { showBanner('Profile deleted.', true); renderImport(); }, showProblem);
      };
      if ($('#start-import')) $('#start-import').onclick = function () {
        $('#start-import').disabled = true;
        api('POST', envPath('/profiles/' + encodeURIComponent(p.profileId) + ':import')).then(function (imp) { showBanner('Import started.', true); follow(imp.importId); }, function (e) { showProblem(e); $('#start-import').disabled = false; });
      };
    }
  }

  function splitCodes(s) { return s.split(/[\s,;]+/).filter(Boolean); }
  function num(v) { if (v === '' || v == null) return null; var n = Number(v); return isNaN(n) || String(v).trim() === '' ? v : n; }
  function collect() {
    var body = { name: $('#profile-name').value, organisationType: $('#profile-type').value,
      offerNewRegistrations: $('#offer-new').checked,
      postcodeRanges: $all('.range').map(function (r) { return { from: num($('.r-from', r).value), to: num($('.r-to', r).value) }; })
        .filter(function (r) { return r.from !== null || r.to !== null; }),
      sbiInclude: splitCodes($('#sbi-include').value), sbiExclude: splitCodes($('#sbi-exclude').value),
      sbiScope: $('#sbi-scope').value, legalForms: $all('.lf:checked').map(function (c) { return c.value; }) };
    var min = num($('#min-employees').value);
    if (min !== null) body.minEmployees = min;
    $all('[data-field]').forEach(function (el) { el.classList.remove('invalid'); });
    return body;
  }

  function dryRun(body) {
    var out = $('#dry-result');
    out.innerHTML = '<div class="panel"><span class="spinner"></span> counting the register…</div>';
    api('POST', envPath('/profiles:preview'), body).then(function (r) {
      hideBannerUnlessOk();
      var max = Math.max(r.band.max * 1.5, r.selected * 1.1, 1);
      var pct = function (v) { return Math.min(100, v / max * 100).toFixed(2) + '%'; };
      var sections = Object.keys(r.bySbiSection || {}).sort(function (a, b) { return r.bySbiSection[b] - r.bySbiSection[a]; }).slice(0, 8);
      out.innerHTML = '<div class="panel"><h2>Dry run</h2><div class="kpis">' +
        '<div class="kpi"><div class="v" id="dry-run-selected" data-selected="' + r.selected + '">' + fmtNum(r.selected) + '</div><div class="l">registrations selected</div></div>' +
        '<div class="kpi"><div class="v">' + fmtNum(r.alreadySubscribed) + '</div><div class="l">already in the CRM</div></div>' +
        '<div class="kpi"><div class="v"><span class="badge ' + (r.withinBand ? 'APPLIED' : 'FAILED') + '" id="dry-run-band">' + (r.withinBand ? 'within the band' : 'outside the band') + '</span></div>' +
        '<div class="l">an import needs ' + fmtNum(r.band.min) + '–' + fmtNum(r.band.max) + '</div></div></div>' +
        '<div class="bandbar" aria-hidden="true"><div class="band" style="left:' + pct(r.band.min) + ';width:calc(' + pct(r.band.max) + ' - ' + pct(r.band.min) + ')"></div><div class="mark" style="left:' + pct(r.selected) + '"></div></div>' +
        (r.withinBand ? '' : '<p>' + (r.selected > r.band.max ? 'Too many: narrow the postcode ranges or the SBI codes.' : 'Too few: widen the postcode ranges or add SBI codes.') + '</p>') +
        (sections.length ? '<h3>By SBI section</h3>' + sections.map(function (s) { return '<span class="chip">' + esc(s) + ' · ' + fmtNum(r.bySbiSection[s]) + '</span>'; }).join('') : '') +
        (r.sample && r.sample.length ? '<h3>Sample</h3><ul>' + r.sample.slice(0, 8).map(function (s) { return '<li>' + esc(s.tradeName || s.registrationKey || JSON.stringify(s)) + (s.city ? ' <span class="muted">' + esc(s.city) + '</span>' : '') + '</li>'; }).join('') + '</ul>' : '') +
        '</div>';
      if ($('#start-import')) $('#start-import').disabled = !r.withinBand;
      out.scrollIntoView({ block: 'nearest' });
    }, function (p) { out.innerHTML = ''; showProblem(p); });
  }

  function stopPolling() { if (state.pollTimer) { clearTimeout(state.pollTimer); state.pollTimer = null; } }
  function follow(importId) {
    stopPolling();
    var box = $('#import-progress');
    if (!box) return;
    api('GET', envPath('/imports/' + encodeURIComponent(importId))).then(function (imp) {
      var pct = imp.total ? Math.round(imp.emitted / imp.total * 100) : (imp.status === 'COMPLETED' ? 100 : 0);
      box.innerHTML = '<div class="panel"><h2>Import <span class="badge ' + esc(imp.status) + '" id="import-status">' + esc(imp.status.toLowerCase()) + '</span></h2>' +
        '<div class="progress"><div style="width:' + pct + '%"></div></div>' +
        '<p>' + fmtNum(imp.emitted) + ' of ' + fmtNum(imp.total || imp.selected - imp.alreadySubscribed) + ' NEW proposals raised · ' + fmtNum(imp.selected) + ' selected, ' + fmtNum(imp.alreadySubscribed) + ' already in the CRM' +
        (imp.detail ? '<br><span class="muted">' + esc(imp.detail) + '</span>' : '') + '</p>' +
        (imp.status === 'COMPLETED' ? '<p>Review them on the <a href="#/env/' + encodeURIComponent(state.env) + '/NEW">New</a> tab.</p>' : '') + '</div>';
      if (['COMPLETED', 'REFUSED', 'FAILED'].indexOf(imp.status) < 0) state.pollTimer = setTimeout(function () { follow(importId); }, 2000);
    }, showProblem);
  }

  // ---- weekly runs ---------------------------------------------------------------------------------------------
  function renderRuns() {
    app.innerHTML = shell('runs');
    bindTabs();
    $('#view').innerHTML = '<div class="panel"><span class="spinner"></span> loading…</div>';
    api('GET', envPath('/runs?limit=12')).then(function (runs) {
      if (!runs.length) { $('#view').innerHTML = '<div class="panel empty"><div class="big">📅</div><strong>No feed runs yet.</strong><br>The weekly KvK feed arrives on Friday afternoons.</div>'; return; }
      var ordered = runs.slice().reverse();
      var kinds = [['CHANGED', '#1f4fd6'], ['NEW', '#6d3fd0'], ['ENDED', '#8b93ab']];
      var max = Math.max.apply(null, ordered.map(function (r) { return kinds.reduce(function (s, k) { return s + (r.publishedByKind[k[0]] || 0); }, 0); }).concat([1]));
      var W = 760, H = 220, pad = 60, bw = Math.min(48, (W - pad * 2) / ordered.length * 0.6);
      var svg = '<svg id="runs-chart" viewBox="0 0 ' + W + ' ' + (H + 40) + '" width="100%" role="img" aria-label="changes per run by kind">';
      for (var g = 0; g <= 4; g++) { var y = pad + (H - pad) * g / 4; svg += '<line x1="' + pad + '" x2="' + (W - 10) + '" y1="' + y + '" y2="' + y + '" stroke="#e3e8f2"/><text x="' + (pad - 6) + '" y="' + (y + 4) + '" font-size="10" text-anchor="end" fill="#5d6785">' + fmtNum(Math.round(max * (4 - g) / 4)) + '</text>'; }
      ordered.forEach(function (r, i) {
        var x = pad + (i + 0.5) * (W - pad * 2) / ordered.length - bw / 2, yTop = H;
        kinds.forEach(function (k) {
          var v = r.publishedByKind[k[0]] || 0, h = v / max * (H - pad);
          yTop -= h;
          svg += '<rect x="' + x.toFixed(1) + '" y="' + yTop.toFixed(1) + '" width="' + bw.toFixed(1) + '" height="' + h.toFixed(1) + '" fill="' + k[1] + '"><title>' + esc(k[0]) + ': ' + fmtNum(v) + '</title></rect>';
        });
        svg += '<text x="' + (x + bw / 2).toFixed(1) + '" y="' + (H + 16) + '" font-size="10" text-anchor="middle" fill="#5d6785">' + esc(new Date(r.finishedAt).toLocaleDateString('nl-NL', { day: 'numeric', month: 'short' })) + '</text>';
      });
      svg += '</svg>';
      $('#view').innerHTML = '<div class="panel"><h2>Weekly runs</h2><div class="legend">' + kinds.map(function (k) { return '<span><i style="background:' + k[1] + '"></i>' + k[0].toLowerCase() + '</span>'; }).join('') + '</div>' + svg + '</div>' +
        '<div class="panel"><table><thead><tr><th>Run</th><th>Finished</th><th>Read</th><th>Published</th><th>Unchanged</th><th>Rejected</th><th>Proposals here (update · ended · new)</th></tr></thead><tbody>' +
        runs.map(function (r) { return '<tr><td>' + esc(r.name || r.feedId) + '<div class="muted">' + esc(r.source) + '</div></td><td>' + fmtDate(r.finishedAt) + '</td><td>' + fmtNum(r.read) + '</td><td>' + fmtNum(r.published) + '</td><td>' + fmtNum(r.unchanged) + '</td><td>' + fmtNum(r.rejected) + '</td><td>' + fmtNum(r.proposals.UPDATE || 0) + ' · ' + fmtNum(r.proposals.ENDED || 0) + ' · ' + fmtNum(r.proposals.NEW || 0) + '</td></tr>'; }).join('') +
        '</tbody></table></div>';
    }, showProblem);
  }

  // ---- audit ---------------------------------------------------------------------------------------------------
  function renderAudit() {
    app.innerHTML = shell('audit');
    bindTabs();
    $('#view').innerHTML = '<div class="panel"><span class="spinner"></span> loading…</div>';
    api('GET', envPath('/audit?size=100')).then(function (page) {
      $('#view').innerHTML = '<div class="panel"><div class="toolbar"><h2>Audit · ' + fmtNum(page.total) + ' decisions</h2><button id="csv">Download CSV</button></div>' +
        (page.items.length ? '<table><thead><tr><th>When</th><th>Who</th><th>Decision</th><th>Organisation</th><th>Before → after</th><th></th></tr></thead><tbody>' +
          page.items.map(function (d) {
            return '<tr><td>' + fmtDate(d.decidedAt) + '</td><td>' + esc(d.decidedBy) + '</td><td><span class="badge ' + esc(d.state) + '">' + esc(d.decision.toLowerCase()) + ' · ' + esc(d.state.toLowerCase()) + '</span>' + (d.reason ? '<div class="muted">' + esc(d.reason) + '</div>' : '') + '</td>' +
              '<td>' + esc(d.tradeName || d.registrationKey) + '<div class="muted">' + esc(d.kind) + '</div></td><td>' + (d.changes || []).slice(0, 4).map(function (c) { return '<div><span class="muted">' + esc(LABELS[c.field] || c.field) + ':</span> ' + esc(c.before == null ? '—' : c.before) + ' <span class="arrow">→</span> ' + esc(c.after == null ? '—' : c.after) + '</div>'; }).join('') + '</td>' +
              '<td class="actions">' + (isAdmin() && d.decision === 'ACCEPTED' && d.state === 'APPLIED' ? '<button class="undo" data-decision="' + esc(d.decisionId) + '">Undo</button>' : '') + '</td></tr>';
          }).join('') + '</tbody></table>' : '<div class="empty"><div class="big">🗂</div>No decisions yet.</div>') + '</div>';
      $('#csv').onclick = function () {
        fetch(envPath('/audit.csv'), { headers: { Authorization: 'Bearer ' + token() } }).then(function (r) { return r.blob(); }).then(function (b) {
          var a = document.createElement('a'); a.href = URL.createObjectURL(b); a.download = 'audit-' + state.env + '.csv'; a.click();
        });
      };
      $all('.undo').forEach(function (b) {
        b.onclick = function () {
          api('POST', envPath('/decisions/' + encodeURIComponent(b.dataset.decision) + ':undo'), {}).then(function (r) { showBanner('Undo requested — decision <code>' + esc(r.decisionId) + '</code>.', true); renderAudit(); }, showProblem);
        };
      });
    }, showProblem);
  }

  // ---- router --------------------------------------------------------------------------------------------------
  function routeParts() { return location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent); }
  function route() {
    stopPolling();
    if (!banner.classList.contains('ok') || !state.bannerAt || Date.now() - state.bannerAt > 4000) hideBanner();
    var parts = routeParts();
    if (!token() || !claims()) { renderSignin(parts[0] === 'signin' ? '' : null); return; }
    if (parts[0] !== 'env' || !parts[1]) { enter(); return; }
    state.env = parts[1];
    $('#envnav').hidden = false;
    if ($('#env-select').options.length === 0) { enter(); return; }
    $('#env-select').value = state.env;
    var view = parts[2] || 'UPDATE';
    if (view === 'proposal') renderProposal(parts[3]);
    else if (view === 'import') renderImport(parts[3]);
    else if (view === 'runs') renderRuns();
    else if (view === 'audit') renderAudit();
    else renderList(['UPDATE', 'ENDED', 'NEW'].indexOf(view) >= 0 ? view : 'UPDATE');
  }
  $('#signout').onclick = function () { sessionStorage.removeItem(TOKEN_KEY); $('#env-select').innerHTML = ''; go('#/signin'); };
  window.addEventListener('hashchange', route);
  route();
})();
