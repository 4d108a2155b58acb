// The lab's controls: each side's model and its flags, the load, the set-ups to try. The models,
// their flags and texts and the set-ups come from the lab's API (GET /api/models: from the chapters'
// descriptors), never from this page. Split from lab.js, which calls labControls once.
'use strict';

window.labControls = (lab, SIDES, t, texts) => {
  const $ = id => document.getElementById(id);

  /** Side A's and side B's boxes, alike but for their names: made here, before the load's box. */
  function makeSides() {
    for (const side of SIDES) {
      const box = document.createElement('fieldset');
      box.className = 'side';
      box.id = 'side-' + side;
      const legend = document.createElement('legend');
      legend.innerHTML = '<span class="swatch ' + side + '"></span><span data-t="model' + side.toUpperCase() + '"></span>';
      const sel = document.createElement('select');
      sel.id = sel.name = 'model-' + side;
      const about = document.createElement('p');
      about.className = 'about';
      about.id = 'about-' + side;
      const flags = document.createElement('div');
      flags.className = 'flags';
      flags.id = 'flags-' + side;
      box.append(legend, sel, about, flags);
      $('load').before(box);
    }
  }

  function fillModels() {
    for (const side of SIDES) {
      const sel = $('model-' + side);
      sel.textContent = '';
      if (side === 'b') sel.append(new Option(t().none, ''));
      for (const m of lab.models) {
        const o = new Option(m.module + (m.available ? '' : t().unavailable(m.missingText[lab.lang])), m.module);
        o.disabled = !m.available;
        sel.append(o);
      }
    }
    $('model-a').value = pick(lab.guide ? lab.guide.model : '');
    $('model-b').value = '';
    SIDES.forEach(s => showModel(s));
  }

  /** The module if it can run here, else the first that can. */
  function pick(module) {
    const m = lab.models.find(x => x.module === module && x.available) || lab.models.find(x => x.available);
    return m ? m.module : '';
  }

  function model(side) {
    return lab.models.find(m => m.module === $('model-' + side).value);
  }

  function showModel(side, values) {
    const m = model(side);
    $('about-' + side).textContent = m ? t().about(m.sectionText[lab.lang], m.about[lab.lang]) : '';
    const box = $('flags-' + side);
    const kept = values || currentFlags(side);
    box.textContent = '';
    for (const f of (m ? m.flags : [])) {
      const label = document.createElement('label');
      const name = document.createElement('code');
      name.textContent = f.name;
      let input;
      if (f.choices) {
        input = document.createElement('select');
        input.append(new Option('(' + t().flagDefault + ')', ''));
        f.choices.forEach(c => input.append(new Option(c, c)));
      } else {
        input = document.createElement('input');
        Object.assign(input, {type: 'number', min: f.min, max: f.max, step: 1});
      }
      input.dataset.flag = f.name;
      input.value = kept[f.name] !== undefined ? kept[f.name] : f.default;
      const help = document.createElement('small');
      help.textContent = f.help[lab.lang] + (f.choices ? '' : t().flagRange(f.min, f.max, f.default));
      label.append(name, ' ', input, ' ', help);
      box.append(label);
    }
  }

  function currentFlags(side) {
    const flags = {};
    $('flags-' + side).querySelectorAll('[data-flag]').forEach(i => { flags[i.dataset.flag] = i.value; });
    return flags;
  }

  /** The flags that differ from the chapter's default: only those are sent. */
  function args(side) {
    const m = model(side);
    const out = {};
    for (const [name, value] of Object.entries(currentFlags(side))) {
      const f = m.flags.find(x => x.name === name);
      if (String(value).trim() !== String(f.default)) out[name] = value.trim() === '' || isNaN(value) ? value : Number(value);
    }
    return out;
  }

  function load() {
    const num = id => { const v = $(id).value.trim(); return v === '' || isNaN(v) ? v : Number(v); };
    return {idle: num('idle'), active: num('active'), bytes: num('bytes')};
  }

  /** The set-up the controls show: each side's model and the flags it changes ({module, flags} or null), and the load. */
  function describe() {
    const side = s => $('model-' + s).value ? {module: $('model-' + s).value, flags: args(s)} : null;
    return Object.assign({a: side('a'), b: side('b')}, load());
  }

  /** The guide's set-up that {@code setup} is (the same models, flags and load), or null. */
  function presetOf(setup) {
    const flags = f => JSON.stringify(Object.entries(f).map(([k, v]) => [k, String(v)]).sort());
    const same = (p, q) => (!p && !q) || (p && q && p.module === q.module && flags(p.flags) === flags(q.flags));
    return (lab.guide ? lab.guide.presets : []).find(p => same(p.a, setup.a) && same(p.b, setup.b)
      && p.idle === setup.idle && p.active === setup.active && p.bytes === setup.bytes) || null;
  }

  /** A set-up of the guide: each side's model and flags ({module, flags} or null), and the load. */
  function preset(p) {
    for (const side of SIDES) {
      const want = p[side];
      $('model-' + side).value = want ? pick(want.module) : '';
      showModel(side, want ? Object.fromEntries(Object.entries(want.flags).map(([k, v]) => [k, String(v)])) : {});
    }
    $('idle').value = p.idle;
    $('active').value = p.active;
    $('bytes').value = p.bytes;
    texts();
  }

  /** The guide's words: the first set-up at length, the list of set-ups. */
  function presets() {
    const guide = lab.guide;
    $('try-first-text').textContent = guide ? guide.tryFirst[lab.lang] : '';
    const list = $('presets');
    list.textContent = '';
    for (const p of (guide ? guide.presets : [])) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = p.text[lab.lang];
      b.addEventListener('click', () => preset(p));
      li.append(b);
      list.append(li);
    }
  }

  return {makeSides, fillModels, showModel, currentFlags, args, load, preset, presets, describe, presetOf};
};
