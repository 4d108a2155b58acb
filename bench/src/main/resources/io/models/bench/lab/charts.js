// The lab's charts (uPlot): one card per measure, the runs of both sides on the same axes, redrawn
// from the samples the page has. An empty chart says why; where A's line and B's lie on each other,
// A's is drawn wide under B's thin one and the card says so. Split from lab.js, which calls labCharts
// once with what they share.
window.labCharts = (lab, SIDES, COLOR, CHARTS, t, texts, over) => {
  const $ = id => document.getElementById(id);
  const shown = () => SIDES.filter(s => lab.runs[s]);

  function makeCharts() {
    const host = $('charts');
    for (const c of Object.values(lab.charts)) c.destroy();
    lab.charts = {};
    host.textContent = '';
    const sides = shown();
    for (const def of CHARTS) {
      const card = document.createElement('article');
      card.className = 'card';
      card.id = 'chart-' + def.key;
      const title = document.createElement('h2');
      title.dataset.chart = def.key;
      const box = document.createElement('div');
      box.className = 'plotbox';
      const plot = document.createElement('div');
      plot.className = 'plot';
      const empty = document.createElement('p');
      empty.className = 'empty';
      const overlap = document.createElement('p');
      overlap.className = 'overlap';
      box.append(plot, empty, overlap);
      const note = document.createElement('aside');
      note.className = 'note';
      note.dataset.note = def.key;
      card.append(title, box, note);
      host.append(card);
      const series = [{label: t().time}];
      for (const side of sides) {
        for (const s of def.series) {
          series.push({
            label: side.toUpperCase() + ' ' + lab.runs[side].info.model + (s.name ? ' ' + t().series[s.name] : ''),
            // With two sides, A's line is wide and B's thin on top of it: equal figures show both colours.
            stroke: COLOR[side], width: sides.length > 1 && side === 'a' ? 5 : 2, dash: s.dash ? [6, 4] : undefined,
            points: {show: false}, spanGaps: false
          });
        }
      }
      const y = def.log ? {distr: 3, log: 10} : {range: (u, min, max) => [0, top(def, max)]};
      lab.charts[def.key] = new uPlot({
        width: plotWidth(plot), height: 220,
        scales: {x: {time: false}, y},
        axes: [{label: t().time, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300]}, {size: 70}],
        series,
        legend: {live: false}
      }, [[]].concat(series.slice(1).map(() => [])), plot);
    }
    texts();
    draw();
  }

  /** The top of a linear chart: at least its floor (a whole core for the CPU), a tenth above its highest point. */
  const top = (def, max) => Math.max(def.top || 1, max > 0 ? max * 1.1 : 1);

  function plotWidth(el) {
    return Math.max(280, Math.floor(el.clientWidth || 520));
  }

  /** Each chart's data: x is the whole second since its run began; one run may lack a second the other has. */
  function draw() {
    const sides = shown();
    const xs = new Set();
    const bySide = {};
    for (const side of sides) {
      bySide[side] = new Map(lab.runs[side].samples.map(s => [Math.round(s.t), s]));
      bySide[side].forEach((_, x) => xs.add(x));
    }
    const x = [...xs].sort((p, q) => p - q);
    for (const def of CHARTS) {
      const chart = lab.charts[def.key];
      if (!chart) continue;
      const data = [x];
      const lines = {};
      for (const side of sides) {
        for (const s of def.series) {
          const line = x.map(k => {
            const sample = bySide[side].get(k);
            const v = sample ? sample[s.f] : null;
            return v === null || v === undefined || v < 0 || (def.log && v <= 0) ? null : v;
          });
          lines[side + ' ' + s.f] = line;
          data.push(line);
        }
      }
      chart.setData(data);
      const card = $('chart-' + def.key);
      card.querySelector('.empty').textContent = whyEmpty(def, sides, lines);
      card.querySelector('.overlap').textContent = sides.length === 2 ? overlaps(def, lines) : '';
    }
  }

  /** Why a chart, or one side of it, has no line: '' when every side has one. */
  function whyEmpty(def, sides, lines) {
    if (!sides.length) return t().empty.noRun;
    const why = {};
    for (const side of sides) {
      if (!def.series.some(s => lines[side + ' ' + s.f].some(v => v !== null))) why[side] = reason(side, def);
    }
    const keys = Object.keys(why);
    if (!keys.length) return '';
    if (keys.length === sides.length && keys.every(k => why[k] === why[keys[0]])) return t().empty[why[keys[0]]];
    return keys.map(side => side.toUpperCase() + t().colon + t().empty[why[side]]).join(' ');
  }

  function reason(side, def) {
    const run = lab.runs[side];
    if (!run.samples.length) return run.info.state === 'failed' ? 'notStarted' : over(run.info.state) ? 'ended' : 'waiting';
    if (def.key === 'latency') return run.info.load.active === 0 ? 'noActive' : 'noReply';
    return 'noProc';
  }

  /** The card's word on A and B lying on each other, line by line ('' when they do not). */
  function overlaps(def, lines) {
    const same = def.series.filter(s => onEachOther(def, lines['a ' + s.f], lines['b ' + s.f]));
    if (!same.length) return '';
    if (same.length === def.series.length) return t().overlap('');
    return same.map(s => t().overlap(s.name ? t().series[s.name] : '')).join(' ');
  }

  /**
   * Whether two lines lie on each other: in at least half the seconds both have, they are within
   * 1.5% of the chart's height (a few pixels, less than A's wide line), or 2% of a decade on a log scale.
   */
  function onEachOther(def, a, b) {
    let highest = 0;
    for (const v of a.concat(b)) if (v !== null && v > highest) highest = v;
    const near = def.log ? (p, q) => Math.abs(Math.log10(p) - Math.log10(q)) < 0.02
      : (p, q) => Math.abs(p - q) <= 0.015 * top(def, highest);
    let both = 0;
    let close = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === null || b[i] === null) continue;
      both++;
      if (near(a[i], b[i])) close++;
    }
    return both > 0 && close * 2 >= both;
  }

  return {makeCharts, plotWidth, draw};
};
