/**
 * The report's page script, as a string inlined under the CSP nonce.
 *
 * It reads the JSON data block, then renders the findings table one page at
 * a time with DOM APIs only: every data string is set with `textContent` or
 * as an attribute value, never parsed as markup. Filtering loops over
 * precomputed lowercased search strings; sorting uses precomputed ranks.
 *
 * Plain ES2020 in a string (not a compiled function) so that what runs in
 * the browser is exactly what is written here, whatever compiles this file.
 * Keep it free of backticks and dollar-brace sequences.
 */
export const CLIENT_JS = String.raw`
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  var D = JSON.parse(doc.getElementById('data').textContent);
  var STR = D.str, RULES = D.rules, STATUSES = D.statuses, SEVS = D.severities, TIERS = D.tiers;
  var F = D.findings, N = F.length;
  var STATUS_TEXT = { fail: 'Fail', unknown: 'Unknown', pass: 'Pass' };
  var STATUS_MARK = { fail: '\u2717', unknown: '?', pass: '\u2713' };
  var SOURCE_TEXT = { policy: 'policy file entry', tag: 'resource tag', account: 'account', 'default': 'default tier', inherited: 'inherited from what depends on it' };

  function s(i) { return i === undefined ? '' : STR[i]; }
  function $(id) { return doc.getElementById(id); }
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /** Text with optional line breaks after '/', ':' and '.' (for paths, addresses and ARNs): text nodes and <wbr> only. */
  function breakable(e, text) {
    var parts = String(text).split(/([\/:.])/);
    for (var j = 0; j < parts.length; j += 2) {
      e.appendChild(doc.createTextNode(parts[j] + (parts[j + 1] || '')));
      if (j + 1 < parts.length) e.appendChild(doc.createElement('wbr'));
    }
    return e;
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function isUnknown(v) { return v !== null && typeof v === 'object' && v.unknown === true; }
  function value(v) {
    if (v === undefined) return '\u2014';
    if (isUnknown(v)) return 'unknown: ' + (v.reason === undefined ? '' : String(v.reason));
    if (v === null) return 'null';
    if (typeof v === 'string') return v;
    if (typeof v !== 'object') return String(v);
    if (Array.isArray(v)) return '[' + v.map(value).join(', ') + ']';
    try {
      return JSON.stringify(v, function (k, x) { return isUnknown(x) ? 'unknown: ' + x.reason : x; });
    } catch (e) { return String(v); }
  }

  /* ---- precomputed per-finding fields ---- */
  var ruleRank = rankOf(RULES.map(function (r) { return r.id; }));
  for (var i = 0; i < N; i++) {
    var f = F[i];
    var an = s(f.an), ac = s(f.ac);
    f.acct = an && ac ? an + ' (' + ac + ')' : an || ac;
    f.file = s(f.f);
    f.loc = f.f !== undefined ? f.file + ':' + f.l : [f.acct, s(f.rg)].filter(Boolean).join(' \u00b7 ');
    f.req = f.q || RULES[f.r].req;
    f.status = STATUSES[f.s];
    var reason = f.e && isUnknown(f.e.ac) ? String(f.e.ac.reason) : '';
    f.text = [f.a, f.n || '', f.arn || '', f.acct, s(f.rg), f.m, f.file, RULES[f.r].id, s(f.y), reason].join('\n').toLowerCase();
  }

  function rankOf(list) {
    var order = list.map(function (x, j) { return j; });
    order.sort(function (a, b) { return list[a] < list[b] ? -1 : list[a] > list[b] ? 1 : a - b; });
    var rank = new Array(list.length);
    for (var j = 0, r = 0; j < order.length; j++) {
      if (j > 0 && list[order[j]] !== list[order[j - 1]]) r = j;
      rank[order[j]] = r;
    }
    return rank;
  }

  /* Sort keys: numeric ranks, computed once per key on first use. */
  var KEYS = {
    /* Open failures before suppressed ones. */
    status: function () { return F.map(function (f) { return f.s * 2 + (f.sp ? 1 : 0); }); },
    severity: function () { return F.map(function (f) { return f.v; }); },
    rule: function () { return F.map(function (f) { return ruleRank[f.r]; }); },
    resource: function () { return rankOf(F.map(function (f) { return f.a; })); },
    tier: function () {
      return F.map(function (f) { var t = TIERS.indexOf(s(f.t)); return t < 0 ? TIERS.length : t; });
    },
    location: function () {
      return rankOf(F.map(function (f) { return f.f !== undefined ? '0' + f.file + '\u0000' + ('0000000' + f.l).slice(-8) : '1' + f.loc; }));
    },
    message: function () { return rankOf(F.map(function (f) { return f.m; })); }
  };
  var keyCache = {};
  function key(name) { return keyCache[name] || (keyCache[name] = KEYS[name]()); }
  var TIEBREAK = ['status', 'severity', 'rule', 'resource'];

  /* ---- state ---- */
  var controls = {
    q: $('f-q'), status: $('f-status'), severity: $('f-severity'), tier: $('f-tier'),
    rule: $('f-rule'), req: $('f-req'), account: $('f-account'), supp: $('f-supp')
  };
  var sort = { key: 'status', dir: 1 };
  var page = 0, pageSize = 100;
  var view = [];
  var expanded = {};
  var body = $('findings-body');
  var table = $('findings-table');

  function filters() {
    return {
      q: controls.q.value.trim().toLowerCase(),
      status: controls.status.value,
      severity: controls.severity.value,
      tier: controls.tier.value,
      rule: controls.rule.value,
      req: controls.req.value,
      account: controls.account ? controls.account.value : '',
      supp: controls.supp.value
    };
  }

  function compute() {
    var c = filters();
    var terms = c.q ? c.q.split(/\s+/) : [];
    var ruleIdx = -1;
    if (c.rule) for (var r = 0; r < RULES.length; r++) if (RULES[r].id === c.rule) ruleIdx = r;
    var sev = c.severity ? SEVS.indexOf(c.severity) : -1;
    var st = c.status === 'open' || c.status === 'all' ? -1 : STATUSES.indexOf(c.status);
    var out = [];
    outer: for (var i = 0; i < N; i++) {
      var f = F[i];
      if (c.status === 'open' ? f.status === 'pass' : st >= 0 && f.s !== st) continue;
      if (sev >= 0 && f.v !== sev) continue;
      if (c.rule && f.r !== ruleIdx) continue;
      if (c.tier && s(f.t) !== c.tier) continue;
      if (c.req && f.req.indexOf(c.req) < 0) continue;
      if (c.account && f.acct !== c.account) continue;
      if (c.supp === 'active' ? !!f.sp : c.supp === 'suppressed' && !f.sp) continue;
      for (var t = 0; t < terms.length; t++) if (f.text.indexOf(terms[t]) < 0) continue outer;
      out.push(i);
    }
    var chain = [sort.key].concat(TIEBREAK.filter(function (k) { return k !== sort.key; }));
    var ks = chain.map(key), dir = sort.dir;
    out.sort(function (a, b) {
      var d = (ks[0][a] - ks[0][b]) * dir;
      for (var j = 1; d === 0 && j < ks.length; j++) d = ks[j][a] - ks[j][b];
      return d || a - b;
    });
    view = out;
  }

  /* ---- rendering ---- */
  function statusBadge(f) {
    var b = el('span', 'status s-' + f.status);
    b.appendChild(el('span', null, STATUS_MARK[f.status])).setAttribute('aria-hidden', 'true');
    b.appendChild(doc.createTextNode(' ' + STATUS_TEXT[f.status]));
    return b;
  }
  function sevBadge(f) { return el('span', 'sev sev-' + SEVS[f.v], SEVS[f.v]); }

  function row(i) {
    var f = F[i], open = !!expanded[i];
    var tr = el('tr', 'frow st-' + f.status + (f.sp ? ' suppressed' : ''));
    tr.setAttribute('data-i', String(i));
    var td = el('td', 'exp-col');
    var btn = el('button', 'exp');
    btn.type = 'button';
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    btn.setAttribute('aria-controls', 'd-' + i);
    btn.setAttribute('aria-label', 'Evidence for ' + RULES[f.r].id + ' on ' + f.a);
    btn.appendChild(el('span', 'chev')).setAttribute('aria-hidden', 'true');
    td.appendChild(btn);
    tr.appendChild(td);

    td = el('td', 'st-cell');
    td.appendChild(statusBadge(f));
    if (f.sp) td.appendChild(el('span', 'tag tag-supp', 'suppressed'));
    if (f.b !== undefined) td.appendChild(el('span', 'tag' + (f.b ? '' : ' tag-new'), f.b ? 'unchanged' : 'new'));
    tr.appendChild(td);

    td = el('td');
    td.appendChild(sevBadge(f));
    tr.appendChild(td);
    tr.appendChild(el('td', 'rule mono small', RULES[f.r].id));

    td = el('td', 'res');
    td.appendChild(breakable(el('div', 'addr mono'), f.a));
    var sub = [s(f.y)];
    if (f.acct && f.f === undefined) sub.push(f.acct);
    td.appendChild(el('div', 'sub', sub.filter(Boolean).join(' \u00b7 ')));
    tr.appendChild(td);

    td = el('td', 'tier');
    td.title = s(f.t) + ': ' + s(f.td);
    td.appendChild(el('div', null, s(f.t)));
    td.appendChild(el('div', 'sub', SOURCE_TEXT[s(f.ts)] || s(f.ts)));
    tr.appendChild(td);
    tr.appendChild(breakable(el('td', 'mono small loc'), f.f !== undefined ? f.loc : s(f.rg) || '\u2014'));
    tr.appendChild(el('td', 'msg', f.m));
    return tr;
  }

  function dl(pairs, cls) {
    var d = el('dl', 'kv' + (cls ? ' ' + cls : ''));
    for (var j = 0; j < pairs.length; j++) {
      var p = pairs[j];
      if (p[1] === undefined || p[1] === '' || p[1] === null) continue;
      d.appendChild(el('dt', null, p[0]));
      var dd = el('dd', p[2] || null);
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      d.appendChild(dd);
    }
    return d;
  }
  function list(items, cls) {
    var ul = el('ul', 'plain ' + (cls || ''));
    for (var j = 0; j < items.length; j++) ul.appendChild(el('li', null, items[j]));
    return ul;
  }
  function block(title, content) {
    var b = el('div', 'dblock');
    b.appendChild(el('h4', null, title));
    b.appendChild(content);
    return b;
  }
  function evidenceValue(v, cls) {
    var span = el('span', 'ev ' + cls + (isUnknown(v) ? ' ev-unknown' : ''), value(v));
    return span;
  }

  /** The evidence of one finding, as blocks; 'full' adds rule rationale and remediation. */
  function details(f, full) {
    var rule = RULES[f.r];
    var wrap = el('div', 'dgrid');
    var e = f.e || {};
    var ev = [['Attribute', e.at !== undefined ? s(e.at) : undefined, 'mono']];
    if ('ex' in e) ev.push(['Expected', evidenceValue(e.ex, 'ev-expected')]);
    if ('ac' in e) ev.push(['Actual', evidenceValue(e.ac, 'ev-actual')]);
    if (e.rel && e.rel.length) ev.push(['Related', list(e.rel, 'mono')]);
    var evBlock = block('Evidence', dl([['Result', f.m]].concat(ev)));
    evBlock.classList.add('dblock-evidence');
    wrap.appendChild(evBlock);

    /* Live resources are addressed by their ARN: show it once, as the ARN. */
    var addrIsArn = !f.arn && f.a.indexOf('arn:') === 0;
    var res = [['Address', addrIsArn ? undefined : f.a, 'mono'], ['ARN', f.arn || (addrIsArn ? f.a : undefined), 'mono'], ['Name', f.n],
      ['Type', s(f.y) + ' (' + s(f.k) + ')', 'mono'], ['Source', s(f.o)],
      ['Module', f.mp && f.mp.length ? f.mp.join(' \u203a ') : undefined, 'mono'],
      ['Account', f.acct], ['Region', s(f.rg), 'mono'],
      ['Location', f.f !== undefined ? f.file + ':' + f.l + (f.c ? ':' + f.c : '') : undefined, 'mono']];
    wrap.appendChild(block('Resource', dl(res)));

    var tierPairs = [['Tier', s(f.t)], ['Assigned by', SOURCE_TEXT[s(f.ts)] || s(f.ts)], ['Why', s(f.td)]];
    wrap.appendChild(block('Tier', dl(tierPairs)));

    var rulePairs = [['Rule', rule.id + ' \u2014 ' + rule.title], ['Severity', SEVS[f.v] + (rule.sev ? ' (rule: ' + rule.sev + ')' : '')], ['Requirements', f.req.join(', '), 'mono']];
    if (full) {
      rulePairs.push(['Rationale', rule.why]);
      if (rule.fix.length) {
        var fx = el('div');
        for (var j = 0; j < rule.fix.length; j++) {
          var item = el('div', 'fix');
          item.appendChild(el('span', 'fix-label', rule.fix[j][0]));
          item.appendChild(el('pre', 'code', rule.fix[j][1]));
          fx.appendChild(item);
        }
        rulePairs.push(['Remediation', fx]);
      }
      if (rule.url) {
        var link = el('span', 'mono', rule.url);
        if (/^https?:\/\//i.test(rule.url)) {
          link = el('a', 'mono', rule.url);
          link.href = rule.url;
          link.rel = 'noopener noreferrer';
        }
        rulePairs.push(['Documentation', link]);
      }
    } else {
      rulePairs.push(['Remediation', 'see ' + rule.id + ' under \u201cRules: rationale and remediation\u201d']);
    }
    wrap.appendChild(block('Rule', dl(rulePairs)));

    if (f.sp) {
      var sp = f.sp;
      var supBlock = block('Suppression', dl([['Kind', sp.k], ['Justification', sp.j], ['Owner', sp.o], ['Expires', sp.x], ['Declared at', sp.d, 'mono']]));
      supBlock.classList.add('dblock-supp');
      wrap.appendChild(supBlock);
    }
    var other = [['Baseline', f.b === undefined ? undefined : f.b ? 'unchanged (already in the baseline)' : 'new (not in the baseline)'], ['Fingerprint', f.fp, 'mono small']];
    wrap.appendChild(block('Identity', dl(other)));
    return wrap;
  }

  /** The same evidence, compact, for the printed findings list (rationale and remediation are printed once per rule). */
  function printDetails(f) {
    var e = f.e || {}, sp = f.sp;
    var where = f.f !== undefined ? f.file + ':' + f.l + (f.c ? ':' + f.c : '') : undefined;
    var box = el('div', 'pf-body');
    box.appendChild(el('p', 'pf-msg', f.m));
    var grid = el('div', 'pf-grid');
    grid.appendChild(dl([
      ['Location', where, 'mono'],
      ['Account', f.acct],
      ['Region', s(f.rg), 'mono'],
      ['ARN', f.arn, 'mono'],
      ['Type', s(f.y), 'mono'],
      ['Tier', s(f.t) + ' \u2014 ' + (SOURCE_TEXT[s(f.ts)] || s(f.ts)) + ': ' + s(f.td)],
      ['Requirements', f.req.join(', '), 'mono'],
      ['Fingerprint', f.fp, 'mono']
    ]));
    grid.appendChild(dl([
      ['Attribute', e.at !== undefined ? s(e.at) : undefined, 'mono'],
      ['Expected', 'ex' in e ? evidenceValue(e.ex, 'ev-expected') : undefined],
      ['Actual', 'ac' in e ? evidenceValue(e.ac, 'ev-actual') : undefined],
      ['Related', e.rel && e.rel.length ? e.rel.join(', ') : undefined, 'mono'],
      ['Suppressed', sp ? sp.j + [sp.o ? 'owner ' + sp.o : '', sp.x ? 'expires ' + sp.x : '', sp.d ? 'declared at ' + sp.d : ''].filter(Boolean).map(function (x) { return ' \u00b7 ' + x; }).join('') : undefined],
      ['Baseline', f.b === undefined ? undefined : f.b ? 'unchanged' : 'new']
    ]));
    box.appendChild(grid);
    return box;
  }

  function detailRow(i) {
    var tr = el('tr', 'drow');
    tr.id = 'd-' + i;
    var td = el('td');
    td.colSpan = 8;
    td.appendChild(details(F[i], true));
    tr.appendChild(td);
    return tr;
  }

  function pages() { return Math.max(1, Math.ceil(view.length / pageSize)); }

  function render() {
    if (page >= pages()) page = pages() - 1;
    var start = page * pageSize, end = Math.min(view.length, start + pageSize);
    var frag = doc.createDocumentFragment();
    for (var j = start; j < end; j++) {
      var i = view[j];
      frag.appendChild(row(i));
      if (expanded[i]) frag.appendChild(detailRow(i));
    }
    if (!view.length) {
      var tr = el('tr', 'empty');
      var td = el('td', null, N ? 'No findings match these filters.' : 'This scan produced no findings.');
      td.colSpan = 8;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    var c = filters();
    table.setAttribute('data-view-count', String(view.length));
    table.setAttribute('data-query', c.q);
    var hidden = c.status === 'open' ? ' Passing results are hidden: choose \u201cAll statuses\u201d or \u201cPass\u201d to see them.' : '';
    $('view-count').textContent = view.length
      ? 'Showing ' + fmt(start + 1) + '\u2013' + fmt(end) + ' of ' + fmt(view.length) + ' matching ' + (view.length === 1 ? 'finding' : 'findings') + ' (' + fmt(N) + ' in total).' + hidden
      : 'No matching findings (' + fmt(N) + ' in total).' + hidden;
    $('page-info').textContent = 'Page ' + fmt(page + 1) + ' of ' + fmt(pages());
    var pager = $('pager');
    pager.querySelector('[data-page=first]').disabled = page === 0;
    pager.querySelector('[data-page=prev]').disabled = page === 0;
    pager.querySelector('[data-page=next]').disabled = page >= pages() - 1;
    pager.querySelector('[data-page=last]').disabled = page >= pages() - 1;
    var ths = table.querySelectorAll('th[data-sort]');
    for (var k = 0; k < ths.length; k++) {
      var th = ths[k], active = th.getAttribute('data-sort') === sort.key;
      th.setAttribute('aria-sort', active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  function apply() {
    compute();
    page = 0;
    render();
  }

  /* ---- events ---- */
  var timer = 0;
  controls.q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); clearTimeout(timer); apply(); });
  ['status', 'severity', 'tier', 'rule', 'req', 'account', 'supp'].forEach(function (k) {
    if (controls[k]) controls[k].addEventListener('change', apply);
  });
  function resetControls() {
    controls.q.value = '';
    controls.status.value = D.defaultStatus;
    ['severity', 'tier', 'rule', 'req', 'account', 'supp'].forEach(function (k) { if (controls[k]) controls[k].value = ''; });
  }
  $('f-reset').addEventListener('click', function () { resetControls(); apply(); });

  table.querySelector('thead').addEventListener('click', function (ev) {
    var th = ev.target.closest('th[data-sort]');
    if (!th) return;
    var k = th.getAttribute('data-sort');
    sort = { key: k, dir: sort.key === k ? -sort.dir : 1 };
    apply();
  });

  function toggle(i) {
    if (expanded[i]) delete expanded[i]; else expanded[i] = true;
    render();
    var b = body.querySelector('tr[data-i="' + i + '"] button.exp');
    if (b) b.focus();
  }
  body.addEventListener('click', function (ev) {
    var tr = ev.target.closest('tr.frow');
    if (!tr) return;
    if (!ev.target.closest('button.exp')) {
      var sel = window.getSelection();
      if (sel && String(sel).length) return;
      if (ev.target.closest('a')) return;
    }
    toggle(Number(tr.getAttribute('data-i')));
  });

  $('pager').addEventListener('click', function (ev) {
    var b = ev.target.closest('button[data-page]');
    if (!b) return;
    var p = b.getAttribute('data-page');
    page = p === 'first' ? 0 : p === 'prev' ? page - 1 : p === 'next' ? page + 1 : pages() - 1;
    page = Math.max(0, Math.min(pages() - 1, page));
    render();
    $('findings').scrollIntoView();
  });
  $('page-size').addEventListener('change', function () {
    pageSize = Number(this.value) || 100;
    page = 0;
    render();
  });
  $('expand-all').addEventListener('click', function () {
    var end = Math.min(view.length, (page + 1) * pageSize);
    for (var j = page * pageSize; j < end; j++) expanded[view[j]] = true;
    render();
  });
  $('collapse-all').addEventListener('click', function () { expanded = {}; render(); });

  /* Count links in the summary tables: filter the findings table to exactly those results. */
  doc.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[data-f]');
    if (!a) return;
    ev.preventDefault();
    resetControls();
    var map = { fStatus: 'status', fSeverity: 'severity', fTier: 'tier', fRule: 'rule', fReq: 'req', fAccount: 'account' };
    for (var k in map) {
      if (a.dataset[k] !== undefined && controls[map[k]]) controls[map[k]].value = a.dataset[k];
    }
    apply();
    $('findings').scrollIntoView();
  });

  /* ---- printing: every finding of the current view, expanded; every <details> open ---- */
  var reopened = [];
  function beforePrint() {
    var box = $('print-findings');
    if (box.childNodes.length) return;
    var c = filters();
    var desc = [];
    desc.push(c.status === 'open' ? 'status fail or unknown' : c.status === 'all' ? 'all statuses' : 'status ' + c.status);
    if (c.severity) desc.push('severity ' + c.severity);
    if (c.tier) desc.push('tier ' + c.tier);
    if (c.rule) desc.push('rule ' + c.rule);
    if (c.req) desc.push('requirement ' + c.req);
    if (c.account) desc.push('account ' + c.account);
    if (c.supp) desc.push(c.supp === 'active' ? 'not suppressed' : 'suppressed only');
    if (c.q) desc.push('text \u201c' + c.q + '\u201d');
    box.appendChild(el('p', 'print-filter', fmt(view.length) + ' of ' + fmt(N) + ' findings, filtered by ' + desc.join(', ') + ':'));
    var frag = doc.createDocumentFragment();
    for (var j = 0; j < view.length; j++) {
      var f = F[view[j]];
      var art = el('article', 'pf pf-' + f.status);
      var h = el('h4');
      h.appendChild(statusBadge(f));
      h.appendChild(doc.createTextNode(' '));
      h.appendChild(sevBadge(f));
      if (f.sp) h.appendChild(el('span', 'tag tag-supp', 'suppressed'));
      h.appendChild(el('span', 'mono pf-rule', RULES[f.r].id));
      h.appendChild(el('span', 'mono pf-addr', f.a));
      art.appendChild(h);
      art.appendChild(printDetails(f));
      frag.appendChild(art);
    }
    box.appendChild(frag);
    var ds = doc.querySelectorAll('details:not([open])');
    for (var d = 0; d < ds.length; d++) { ds[d].open = true; reopened.push(ds[d]); }
  }
  function afterPrint() {
    $('print-findings').replaceChildren();
    for (var d = 0; d < reopened.length; d++) reopened[d].open = false;
    reopened = [];
  }
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  $('print-btn').addEventListener('click', function () { beforePrint(); window.print(); });

  /* ---- failure domains: cell details (tooltip on hover, panel on select) and the dependency picture ---- */
  var FD = D.fd;
  if (FD) (function () {
    var FS = FD.str;
    var matrix = $('fd-matrix'), panel = $('fd-detail');
    function fs(i) { return i === undefined ? '' : FS[i]; }
    function figure(f) { return fs(f[0]) + ' (' + fs(f[1]) + ')'; }
    function pathText(c) {
      return c.p ? [FD.workloads[c.w]].concat(c.p.map(function (p) { return fs(p[0]); })).join(' \u2192 ') : '';
    }
    function tip(c) {
      var lines = [FD.workloads[c.w] + ' if ' + FD.domains[c.d] + ' is lost: ' + FD.states[c.s]];
      if (c.cap) lines.push('Capacity: ' + c.cap);
      lines.push('RTO ' + figure(c.rto) + ', ' + FD.verdicts[c.rv] + ' \u2014 source: ' + fs(c.rto[2]));
      lines.push('RPO ' + figure(c.rpo) + ', ' + FD.verdicts[c.pv] + ' \u2014 source: ' + fs(c.rpo[2]));
      lines.push('Target: ' + fs(c.tg));
      if (c.p) lines.push('Path: ' + pathText(c));
      return lines.join('\n');
    }
    function source(text) {
      if (/^https?:\/\/\S+$/i.test(text)) {
        var a = el('a', 'mono small', text);
        a.href = text;
        a.rel = 'noopener noreferrer';
        return a;
      }
      return el('span', 'mono small', text);
    }
    function figureNode(f, verdict) {
      var span = el('span');
      span.appendChild(el('strong', null, fs(f[0])));
      span.appendChild(doc.createTextNode(' \u2014 ' + verdict + '; behaviour ' + fs(f[1]) + (f[3] !== undefined ? ' (' + fs(f[3]) + ')' : '') + '; source: '));
      span.appendChild(source(fs(f[2])));
      return span;
    }
    var selected = null;
    function show(td) {
      var c = FD.impacts[Number(td.getAttribute('data-k'))];
      if (!c) return;
      if (selected) selected.classList.remove('fd-sel');
      selected = td;
      td.classList.add('fd-sel');
      var box = doc.createDocumentFragment();
      var h = el('h4');
      h.appendChild(el('span', 'mono', FD.workloads[c.w]));
      h.appendChild(doc.createTextNode(' if ' + FD.domains[c.d] + ' is lost: ' + FD.states[c.s]));
      box.appendChild(h);
      var pairs = [['State', FD.states[c.s]], ['Capacity', c.cap], ['Estimated RTO', figureNode(c.rto, 'target ' + FD.verdicts[c.rv])],
        ['Estimated RPO', figureNode(c.rpo, 'target ' + FD.verdicts[c.pv])], ['Target', fs(c.tg)],
        ['Why', c.why.length ? list(c.why.map(fs)) : undefined]];
      if (c.p) {
        var ol = el('ol', 'mono small');
        ol.appendChild(el('li', null, FD.workloads[c.w]));
        for (var j = 0; j < c.p.length; j++) {
          var p = c.p[j];
          ol.appendChild(el('li', null, (fs(p[1]) ? fs(p[1]) + ' \u2192 ' : '') + fs(p[0]) + (fs(p[2]) ? '  (' + fs(p[2]) + ')' : '')));
        }
        pairs.push(['Path', ol]);
      }
      box.appendChild(dl(pairs));
      panel.replaceChildren(box);
      panel.setAttribute('data-k', td.getAttribute('data-k'));
    }
    matrix.addEventListener('mouseover', function (ev) {
      var td = ev.target.closest('td[data-k]');
      if (td && !td.title) td.title = tip(FD.impacts[Number(td.getAttribute('data-k'))]);
    });
    matrix.addEventListener('click', function (ev) {
      var td = ev.target.closest('td[data-k]');
      if (td) show(td);
    });
    /* Keyboard: the matrix is one tab stop; arrow keys move between cells, Enter or Space shows one. */
    var cur = matrix.querySelector('td[data-k]');
    if (cur) cur.tabIndex = 0;
    matrix.addEventListener('keydown', function (ev) {
      var td = ev.target.closest('td.fd-c');
      if (!td) return;
      var next = null, tr = td.parentElement;
      if (ev.key === 'ArrowRight') next = td.nextElementSibling;
      else if (ev.key === 'ArrowLeft') next = td.previousElementSibling;
      else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        var row = ev.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
        if (row) next = row.children[td.cellIndex];
      } else if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(td); return; }
      if (next && next.matches('td.fd-c')) {
        ev.preventDefault();
        td.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    });
    var pick = $('fd-workload');
    if (pick) pick.addEventListener('change', function () {
      var figs = doc.querySelectorAll('.fd-fig');
      for (var j = 0; j < figs.length; j++) figs[j].hidden = figs[j].getAttribute('data-g') !== pick.value;
    });
  })();

  compute();
  render();
  root.setAttribute('data-ready', String(Math.round(performance.now())));
})();
`;
