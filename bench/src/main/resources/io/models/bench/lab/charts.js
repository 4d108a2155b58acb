// The lab's charts (uPlot): one card per measure, the runs of both sides on the same axes, redrawn
// from the samples the page has. Split from lab.js, which calls labCharts once with what they share.
window.labCharts = (lab, SIDES, COLOR, CHARTS, t, texts) => {
  const $ = id => document.getElementById(id);

  function makeCharts() {
    const host = $('charts');
    for (const c of Object.values(lab.charts)) c.destroy();
    lab.charts = {};
    host.textContent = '';
    const sides = SIDES.filter(s => lab.runs[s]);
    for (const def of CHARTS) {
      const card = document.createElement('article');
      card.className = 'card';
      card.id = 'chart-' + def.key;
      const title = document.createElement('h2');
      title.dataset.chart = def.key;
      const plot = document.createElement('div');
      plot.className = 'plot';
      const note = document.createElement('aside');
      note.className = 'note';
      note.dataset.note = def.key;
      card.append(title, plot, note);
      host.append(card);
      const series = [{label: t().time}];
      for (const side of sides) {
        for (const s of def.series) {
          series.push({
            label: side.toUpperCase() + ' ' + lab.runs[side].info.model + (s.name ? ' ' + s.name : ''),
            stroke: COLOR[side], width: 2, dash: s.dash ? [6, 4] : undefined,
            points: {show: false}, spanGaps: false
          });
        }
      }
      const y = def.log ? {distr: 3, log: 10} : {range: (u, min, max) => [0, Math.max(def.top || 1, max > 0 ? max * 1.1 : 1)]};
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

  function plotWidth(el) {
    return Math.max(280, Math.floor(el.clientWidth || 520));
  }

  /** Each chart's data: x is the whole second since its run began; one run may lack a second the other has. */
  function draw() {
    const sides = SIDES.filter(s => lab.runs[s]);
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
      for (const side of sides) {
        for (const s of def.series) {
          data.push(x.map(k => {
            const sample = bySide[side].get(k);
            const v = sample ? sample[s.f] : null;
            return v === null || v === undefined || v < 0 || (def.log && v <= 0) ? null : v;
          }));
        }
      }
      chart.setData(data);
    }
  }

  return {makeCharts, plotWidth, draw};
};
