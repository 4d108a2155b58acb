// The lab's page: the runs (one per side, through the JSON API), its words, and what ties them to the
// controls (controls.js) and the charts (charts.js, uPlot). A run of this page lives while the page
// does: a worker of its own (heartbeat.js) asks about it every second, on a thread that a busy main
// thread (a long layout, a screenshot) and a hidden tab's throttled timers do not hold up; as the page
// goes away (closed, or left for another page) it says so, and its runs stop at once. The models and
// every word about them come from the API, as their descriptors say; so does every message of the lab
// (in both languages: a message shown switches language with the page).
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
  // lab.charts.rps is the uPlot of requests/s; lab.shown, the set-up the runs going were started with.
  const lab = {models: [], guide: null, limits: null, runs: {a: null, b: null}, charts: {}, lang: pickLang(), message: null, shown: null};
  window.lab = lab; // for scripts and the browser test

  function pickLang() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'en' || asked === 'zh') return asked;
    const kept = localStorage.getItem('lab.lang');
    if (kept === 'en' || kept === 'zh') return kept;
    return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }

  const t = () => TEXTS[lab.lang];
  const over = state => state === 'stopped' || state === 'died' || state === 'failed';
  const {makeCharts, plotWidth, draw} = window.labCharts(lab, SIDES, COLOR, CHARTS, t, () => texts(), over);
  const {makeSides, fillModels, showModel, currentFlags, args, load, preset, presets, describe, presetOf} =
    window.labControls(lab, SIDES, t, () => texts());

  // ---- The API ----

  /** An error whose words are in both languages: {@code say(lang)}. */
  function failure(say) {
    const e = new Error(say('en'));
    e.say = say;
    return e;
  }

  async function api(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: body ? {'Content-Type': 'application/json'} : {},
        body: body ? JSON.stringify(body) : undefined
      });
    } catch (e) {
      throw failure(l => TEXTS[l].unreachable);
    }
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const why = json.errorText || {en: json.error || 'HTTP ' + res.status, zh: json.error || 'HTTP ' + res.status};
      throw failure(l => TEXTS[l].refused + why[l]);
    }
    return json;
  }

  // ---- Runs ----

  function going() {
    return SIDES.filter(s => lab.runs[s] && !over(lab.runs[s].info.state));
  }

  async function start() {
    message(null);
    $('start').disabled = true;
    await stopAll();
    await ended();
    const sides = SIDES.filter(s => $('model-' + s).value);
    const started = [];
    lab.shown = describe();
    try {
      for (const side of sides) {
        const info = await api('POST', '/api/runs', Object.assign({model: $('model-' + side).value, args: args(side)}, load()));
        lab.runs[side] = {info, samples: [], side};
        started.push(side);
      }
    } catch (e) {
      const which = sides.length > 1 ? sides[started.length].toUpperCase() : '';
      message(l => (which ? which + TEXTS[l].colon : '') + e.say(l));
      for (const side of started) await api('POST', '/api/runs/' + lab.runs[side].info.id + '/stop').catch(() => {});
    }
    for (const side of SIDES) if (!started.includes(side)) lab.runs[side] = null;
    makeCharts();
    buttons();
    status();
  }

  async function apply() {
    message(null);
    try {
      for (const side of going()) lab.runs[side].info = await api('POST', '/api/runs/' + lab.runs[side].info.id + '/load', load());
      if (lab.shown) Object.assign(lab.shown, load());
    } catch (e) {
      message(e.say);
    }
    texts();
    status();
  }

  async function stopAll() {
    for (const side of going()) {
      lab.runs[side].info = await api('POST', '/api/runs/' + lab.runs[side].info.id + '/stop').catch(e => {
        message(e.say);
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
  let quietUntil = 0;

  async function poll() {
    if (polling || Date.now() < quietUntil) return; // the last one is still waiting for its answer, or the page keeps quiet
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
        message(e.say);
      }
    }
    draw();
    buttons();
    status();
  }

  // ---- The heartbeat, and leaving ----

  let heartbeat = null;
  try {
    heartbeat = new Worker('heartbeat.js');
  } catch (e) {
    // no worker (an old browser): the samples the page asks for every second are its heartbeat
  }

  /** Tells the worker which runs to keep alive: the ones going. */
  function beat() {
    if (heartbeat) heartbeat.postMessage({ids: going().map(s => lab.runs[s].info.id)});
  }

  /**
   * The page says nothing for {@code seconds}: no heartbeat, no samples asked for, as a page held up
   * by a busy machine. For the browser test, which checks that a run outlives a silence longer than
   * the lab's old limit.
   */
  lab.quiet = seconds => {
    quietUntil = Date.now() + seconds * 1000;
    if (heartbeat) heartbeat.postMessage({quiet: seconds * 1000});
  };

  /** The page is going away (closed, reloaded, or left for another page): its runs stop now. */
  function leave() {
    for (const side of going()) {
      const url = '/api/runs/' + lab.runs[side].info.id + '/stop';
      const body = JSON.stringify({left: true});
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, body))) {
        fetch(url, {method: 'POST', body, keepalive: true}).catch(() => {});
      }
    }
  }

  // ---- What the page shows ----

  function buttons() {
    const live = going().length > 0;
    $('start').disabled = false;
    $('apply').disabled = !live;
    $('stop').disabled = !live;
    for (const side of SIDES) {
      $('model-' + side).disabled = live;
      $('flags-' + side).querySelectorAll('input, select').forEach(i => { i.disabled = live; });
    }
    beat();
  }

  function status() {
    for (const side of SIDES) {
      const box = $('status-' + side);
      const run = lab.runs[side];
      box.hidden = !run;
      if (!run) continue;
      const i = run.info;
      const w = t();
      const last = run.samples[run.samples.length - 1];
      box.className = 'status ' + i.state;
      box.textContent = '';
      const line = document.createElement('div');
      line.innerHTML = '<span class="swatch ' + side + '"></span>';
      line.append([side.toUpperCase(), i.model, w.state[i.state] || i.state].concat(i.pid > 0 ? [w.pid(i.pid)] : [],
        [w.seconds(Math.round(i.seconds), i.limitSeconds), w.mix(i.load.idle, i.load.active, i.load.bytes)],
        last ? [w.open(last.open), w.errors(last.errors)] : []).join(' · '));
      box.append(line);
      if (i.reasonText) {
        const why = document.createElement('div');
        why.className = 'reason';
        why.textContent = i.reasonText[lab.lang];
        box.append(why);
      }
      if ((i.state === 'died' || i.state === 'failed') && i.tail.length) {
        const head = document.createElement('div');
        head.textContent = w.lastLines;
        const pre = document.createElement('pre'); // the server's own output, as it printed it
        pre.textContent = i.tail.join('\n');
        box.append(head, pre);
      }
    }
  }

  /** A message of the page or the lab: {@code say(lang)}, shown in the page's language, again after a switch; null hides it. */
  function message(say) {
    lab.message = say || null;
    const box = $('message');
    box.hidden = !say;
    box.textContent = say ? say(lab.lang) : '';
  }

  /** The set-up the notes speak of: the runs' while they go, else the one the controls show. */
  function setup() {
    return going().length && lab.shown ? lab.shown : describe();
  }

  function texts() {
    const w = t();
    document.documentElement.lang = lab.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = w.title;
    document.querySelectorAll('[data-t]').forEach(el => { el.textContent = w[el.dataset.t]; });
    document.querySelectorAll('[data-lang]').forEach(b => b.classList.toggle('on', b.dataset.lang === lab.lang));
    document.querySelectorAll('[data-chart]').forEach(el => { el.textContent = w.charts[el.dataset.chart]; });
    const help = $('button-help');
    help.textContent = '';
    for (const k of ['start', 'apply', 'stop']) {
      const b = document.createElement('b');
      b.textContent = w[k];
      help.append(b, w.colon + w[k + 'Help'] + w.period);
    }
    $('limits').textContent = lab.limits ? w.limits(lab.limits) : '';
    const p = lab.guide && $('model-a').options.length ? presetOf(setup()) : null;
    document.querySelectorAll('[data-note]').forEach(el => {
      const key = el.dataset.note;
      const n = lab.guide && lab.guide.notes[key];
      el.textContent = '';
      const mine = p && p.look[key];
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
      look.className = 'look';
      if (mine) {
        const b = document.createElement('b');
        b.textContent = w.inSetup;
        look.append(b, mine[lab.lang]);
      } else {
        look.textContent = (p ? w.notAbout : '') + n.look[lab.lang];
      }
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
    makeCharts(); // the axes' and the lines' names are the chart's own: made again in the new language
    status();
    message(lab.message);
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
    // The notes follow the set-up: any change of a model, a flag or the load.
    $('controls').addEventListener('change', () => texts());
    $('controls').addEventListener('input', () => texts());
    window.addEventListener('resize', () => {
      for (const c of Object.values(lab.charts)) c.setSize({width: plotWidth(c.root.parentElement), height: 220});
    });
    window.addEventListener('pagehide', leave);
    texts();
    try {
      const all = await api('GET', '/api/models');
      lab.models = all.models;
      lab.guide = all.guide;
      lab.limits = all.limits;
    } catch (e) {
      message(e.say);
    }
    fillModels();
    makeCharts();
    buttons();
    lab.ready = true;
    setInterval(poll, POLL_MS);
  }

  init();
})();
