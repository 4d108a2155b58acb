// The lab's page: the runs (one per side, through the JSON API), its words, and what ties them to the
// controls (controls.js) and the charts (charts.js, uPlot). Asking for a run's samples once a second is
// also its heartbeat: when the page is closed the asking stops, and the lab stops the run a few
// seconds later. The models and every word about them come from the API, as their descriptors say.
'use strict';

(() => {
  const TEXTS = window.LAB_TEXTS;
  const SIDES = ['a', 'b'];
  const COLOR = {a: '#1f6feb', b: '#d9480f'};
  const POLL_MS = 1000;
  // The server's CPU first: the note's first claim (三、缺点 1) and the first thing to try.
  const CHARTS = [
    {key: 'cpu', top: 100, series: [{f: 'cpuPercent'}]}, // at least one whole core tall
    {key: 'rps', series: [{f: 'requestsPerSecond'}]},
    {key: 'latency', log: true, series: [{f: 'p50Us', name: 'p50'}, {f: 'p99Us', name: 'p99', dash: true}]},
    {key: 'threads', series: [{f: 'threads'}]},
    {key: 'rss', series: [{f: 'rssMiB'}]},
    {key: 'fds', series: [{f: 'descriptors'}]},
    {key: 'conns', series: [{f: 'open', name: 'open'}, {f: 'starved', name: 'starved', dash: true}]}
  ];

  const $ = id => document.getElementById(id);
  const lab = {models: [], guide: null, runs: {a: null, b: null}, charts: {}, lang: pickLang()};
  window.lab = lab; // for scripts and the browser test: lab.charts.rps is the uPlot of requests/s

  function pickLang() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'en' || asked === 'zh') return asked;
    const kept = localStorage.getItem('lab.lang');
    if (kept === 'en' || kept === 'zh') return kept;
    return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }

  const t = () => TEXTS[lab.lang];
  const {makeCharts, plotWidth, draw} = window.labCharts(lab, SIDES, COLOR, CHARTS, t, () => texts());
  const {makeSides, fillModels, showModel, currentFlags, args, load, preset, presets} = window.labControls(lab, SIDES, t);

  // ---- The API ----

  async function api(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: body ? {'Content-Type': 'application/json'} : {},
        body: body ? JSON.stringify(body) : undefined
      });
    } catch (e) {
      throw new Error(t().unreachable + e.message);
    }
    const json = await res.json().catch(() => ({error: 'HTTP ' + res.status}));
    if (!res.ok) throw new Error(t().refused + (json.error || 'HTTP ' + res.status));
    return json;
  }

  // ---- Runs ----

  function going() {
    return SIDES.filter(s => lab.runs[s] && !over(lab.runs[s].info.state));
  }

  const over = state => state === 'stopped' || state === 'died' || state === 'failed';

  async function start() {
    message('');
    $('start').disabled = true;
    await stopAll();
    await ended();
    const sides = SIDES.filter(s => $('model-' + s).value);
    const started = [];
    try {
      for (const side of sides) {
        const info = await api('POST', '/api/runs', Object.assign({model: $('model-' + side).value, args: args(side)}, load()));
        lab.runs[side] = {info, samples: [], side};
        started.push(side);
      }
    } catch (e) {
      message((sides.length > 1 ? (sides[started.length] === 'a' ? 'A: ' : 'B: ') : '') + e.message);
      for (const side of started) await api('POST', '/api/runs/' + lab.runs[side].info.id + '/stop').catch(() => {});
    }
    for (const side of SIDES) if (!started.includes(side)) lab.runs[side] = null;
    makeCharts();
    buttons();
    status();
  }

  async function apply() {
    message('');
    try {
      for (const side of going()) lab.runs[side].info = await api('POST', '/api/runs/' + lab.runs[side].info.id + '/load', load());
    } catch (e) {
      message(e.message);
    }
    status();
  }

  async function stopAll() {
    for (const side of going()) {
      lab.runs[side].info = await api('POST', '/api/runs/' + lab.runs[side].info.id + '/stop').catch(e => {
        message(e.message);
        return lab.runs[side].info;
      });
    }
    buttons();
    status();
  }

  /** Waits (at most 30 s) until the runs asked to stop have ended: their servers are gone. */
  async function ended() {
    const deadline = Date.now() + 30000;
    for (const side of SIDES) {
      const run = lab.runs[side];
      while (run && !over(run.info.state) && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
        run.info = await api('GET', '/api/runs/' + run.info.id).catch(() => Object.assign({}, run.info, {state: 'stopped'}));
      }
    }
  }

  let polling = false;

  async function poll() {
    if (polling) return; // the last one is still waiting for its answer
    polling = true;
    try {
      await pollOnce();
    } finally {
      polling = false;
    }
  }

  async function pollOnce() {
    for (const side of SIDES) {
      const run = lab.runs[side];
      if (!run || run.done) continue;
      try {
        const r = await api('GET', '/api/runs/' + run.info.id + '/samples?from=' + run.samples.length);
        run.info = r.run;
        run.samples.push(...r.samples);
        if (over(r.run.state)) run.done = true;
      } catch (e) {
        message(e.message);
      }
    }
    draw();
    buttons();
    status();
  }

  function buttons() {
    const live = going().length > 0;
    $('start').disabled = false;
    $('apply').disabled = !live;
    $('stop').disabled = !live;
    for (const side of SIDES) {
      $('model-' + side).disabled = live;
      $('flags-' + side).querySelectorAll('input, select').forEach(i => { i.disabled = live; });
    }
  }

  function status() {
    for (const side of SIDES) {
      const box = $('status-' + side);
      const run = lab.runs[side];
      box.hidden = !run;
      if (!run) continue;
      const i = run.info;
      const last = run.samples[run.samples.length - 1];
      box.className = 'status ' + i.state;
      box.textContent = '';
      const line = document.createElement('div');
      line.innerHTML = '<span class="swatch ' + side + '"></span>';
      line.append(side.toUpperCase() + ' · ' + i.model + ' · ' + (t().state[i.state] || i.state)
        + (i.pid > 0 ? ' · ' + t().pid + ' ' + i.pid : '')
        + ' · ' + Math.round(i.seconds) + ' ' + t().seconds + ' ' + i.limitSeconds
        + ' · ' + i.load.idle + ' idle + ' + i.load.active + ' active × ' + i.load.bytes + ' B'
        + (last ? ' · ' + last.open + ' ' + t().open + ' · ' + last.errors + ' ' + t().errors : ''));
      box.append(line);
      if (i.reason) {
        const why = document.createElement('div');
        why.className = 'reason';
        why.textContent = i.reason;
        box.append(why);
      }
      if ((i.state === 'died' || i.state === 'failed') && i.tail.length) {
        const head = document.createElement('div');
        head.textContent = t().lastLines;
        const pre = document.createElement('pre');
        pre.textContent = i.tail.join('\n');
        box.append(head, pre);
      }
    }
  }

  function message(text) {
    const box = $('message');
    box.hidden = !text;
    box.textContent = text;
  }

  // ---- Words ----

  function texts() {
    document.documentElement.lang = lab.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-t]').forEach(el => { el.textContent = t()[el.dataset.t]; });
    document.querySelectorAll('[data-lang]').forEach(b => b.classList.toggle('on', b.dataset.lang === lab.lang));
    document.querySelectorAll('[data-chart]').forEach(el => { el.textContent = t().charts[el.dataset.chart]; });
    document.querySelectorAll('[data-note]').forEach(el => {
      const n = lab.guide && lab.guide.notes[el.dataset.note];
      el.textContent = '';
      if (!n) return;
      const where = document.createElement('div');
      where.className = 'section';
      where.textContent = n.section;
      const quote = document.createElement('blockquote');
      quote.lang = 'zh-CN';
      quote.textContent = '“' + n.quote + '”';
      el.append(where, quote);
      if (n.say && lab.lang === 'en') { // the quote is the note's own Chinese: said again in English only
        const say = document.createElement('p');
        say.className = 'say';
        say.textContent = n.say;
        el.append(say);
      }
      const look = document.createElement('p');
      look.textContent = n.look[lab.lang];
      el.append(look);
    });
    presets();
  }

  function setLang(lang) {
    lab.lang = lang;
    localStorage.setItem('lab.lang', lang);
    const a = $('model-a').value;
    const b = $('model-b').value;
    const flags = {a: currentFlags('a'), b: currentFlags('b')};
    fillModels();
    $('model-a').value = a;
    $('model-b').value = b;
    SIDES.forEach(s => showModel(s, flags[s]));
    buttons();
    texts();
    status();
  }

  // ---- Start ----

  async function init() {
    makeSides();
    document.querySelectorAll('[data-lang]').forEach(b => b.addEventListener('click', () => setLang(b.dataset.lang)));
    $('try-first').addEventListener('click', () => lab.guide && preset(lab.guide.presets[0]));
    $('start').addEventListener('click', start);
    $('apply').addEventListener('click', apply);
    $('stop').addEventListener('click', stopAll);
    SIDES.forEach(s => $('model-' + s).addEventListener('change', () => showModel(s, {})));
    window.addEventListener('resize', () => {
      for (const c of Object.values(lab.charts)) c.setSize({width: plotWidth(c.root.parentElement), height: 220});
    });
    // A page that goes away stops its runs at once (the heartbeat would stop them a few seconds later).
    window.addEventListener('pagehide', () => {
      for (const side of going()) fetch('/api/runs/' + lab.runs[side].info.id + '/stop', {method: 'POST', keepalive: true});
    });
    texts();
    try {
      const all = await api('GET', '/api/models');
      lab.models = all.models;
      lab.guide = all.guide;
    } catch (e) {
      message(e.message);
    }
    texts();
    fillModels();
    makeCharts();
    buttons();
    lab.ready = true;
    setInterval(poll, POLL_MS);
  }

  init();
})();
