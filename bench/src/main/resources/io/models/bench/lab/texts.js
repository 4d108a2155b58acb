// The page's own words, each with its Chinese beside it: [English, 中文]. A word that takes figures
// is a pair of functions. What it says of the models (what each does, its flags, the set-ups to try,
// each chart's note) and every message of the lab itself (a refusal, why a run ended) come from the
// lab's API in both languages, never from here. The browser test checks that every key has both.
'use strict';

(() => {
  const WORDS = {
    title: ['io-models lab', 'io-models 实验台'],
    subtitle: ['Watch each IO model of the note live, under a load you choose.', '在你选定的负载下，实时观察笔记里的每一种IO模型。'],
    how: [
      'Pick a model: its server starts as its own process, exactly as in the benchmark. Pick a load and press Start. ' +
        'Every second each chart adds a point: what the load generator measured, and what Linux (/proc) says about the server process. ' +
        'Pick a second model (B) to watch both on the same axes; they run at the same time and share this machine\'s cores.',
      '先选一个模型：它的服务端作为一个独立的进程启动，和基准测试里一模一样。再选好负载，按“开始”。' +
        '每过一秒，每张图添一个点，画的是负载生成器测到的数字，以及 Linux 的 /proc 里这个服务端进程的读数。' +
        '再选第二个模型（B），两者就画在同一组坐标轴上；它们同时运行，共用这台机器的CPU核。'
    ],
    setItUp: ['Set it up', '照这样设置'],
    moreToTry: ['More to try', '还可以试试'],
    modelA: ['Model A', '模型 A'], modelB: ['Model B (to compare)', '模型 B（用来对比）'],
    none: ['— none —', '— 不选 —'],
    about: [(section, what) => section + ': ' + what, (section, what) => section + '：' + what],
    unavailable: [why => ' (' + why + ')', why => '（' + why + '）'],
    flagDefault: ['the chapter picks', '由这一章自己决定'],
    flagRange: [(min, max, def) => ' (' + min + '-' + max + ', default ' + def + ')', (min, max, def) => '（' + min + ' 到 ' + max + '，默认 ' + def + '）'],
    load: ['Load', '负载'],
    idle: ['Idle connections', '空闲连接数'],
    idleHelp: ['opened, answered once, then silent: they cost a model only by being held', '连上以后应答一次，之后不再发送：服务端只需要把它们攥在手里'],
    active: ['Active connections', '活跃连接数'],
    activeHelp: [
      'each sends a message, waits for the whole reply, checks every byte, sends the next',
      '每个连接发一条消息，等回复全部到齐，逐字节检查，再发下一条'
    ],
    bytes: ['Message size (bytes)', '消息大小（字节）'], bytesHelp: ['of each request; the reply is as long', '每个请求的长度，回复一样长'],
    start: ['Start', '开始'], startHelp: ['starts the servers and the load', '启动服务端，施加负载'],
    apply: ['Apply the load', '应用负载'],
    applyHelp: ['while running: the old connections close and the new ones open, on the same servers', '运行中换负载：旧连接关闭，新连接建立，服务端还是原来那个'],
    stop: ['Stop', '停止'], stopHelp: ['stops the load and the servers', '停掉负载和服务端'],
    colon: [': ', '：'], period: ['. ', '。'],
    limits: [
      l => 'Limits: at most ' + l.connections.toLocaleString('en') + ' connections and ' + l.seconds / 60 + ' minutes a run. ' +
        'Leaving or closing this page stops its runs at once; if the page vanishes without a word (the browser crashed, ' +
        'the laptop went to sleep), its runs stop after ' + l.silenceSeconds + ' s of silence.',
      l => '限制：每次运行最多 ' + l.connections.toLocaleString('en') + ' 个连接、' + l.seconds / 60 + ' 分钟。' +
        '离开或关闭本页面，它的运行立即停止；页面不告而别时（浏览器崩溃、笔记本合上），它的运行在 ' + l.silenceSeconds + ' 秒没有消息之后停止。'
    ],
    refused: ['The lab refused: ', '实验台拒绝了：'],
    unreachable: ['The lab does not answer (was it stopped?)', '实验台没有响应（它是不是已经停了？）'],
    // A run's status line: its side and model, its state, then its pid, seconds, load, connections open and errors.
    state: {starting: ['starting', '启动中'], running: ['running', '运行中'], stopping: ['stopping', '停止中'],
      stopped: ['stopped', '已停止'], died: ['DIED', '已崩溃'], failed: ['FAILED', '失败']},
    pid: [pid => 'pid ' + pid, pid => 'pid ' + pid],
    seconds: [(s, max) => s + ' s of ' + max, (s, max) => '第 ' + s + ' 秒（最多 ' + max + ' 秒）'],
    mix: [(idle, active, bytes) => idle + ' idle + ' + active + ' active × ' + bytes + ' B',
      (idle, active, bytes) => idle + ' 个空闲 + ' + active + ' 个活跃 × ' + bytes + ' B'],
    open: [n => n + ' open', n => n + ' 个连接打开'],
    errors: [n => n + ' errors', n => n + ' 个错误'],
    lastLines: ['its last output lines:', '它最后输出的几行：'],
    // The charts: the x-axis, the names of the lines, what an empty chart lacks, two lines on each other.
    time: ['seconds', '秒'],
    series: {open: ['open', '打开'], starved: ['starved', '饿死'], p50: ['p50', 'p50'], p99: ['p99', 'p99']},
    empty: {
      noRun: ['No run yet: pick a model and a load, then press Start.', '还没有运行：选好模型和负载，再按“开始”。'],
      waiting: ['Waiting for its first second.', '正在等它的第一秒。'],
      notStarted: ['Its server did not start: why is said above.', '它的服务端没有启动，原因写在上面。'],
      ended: ['It ended before its first second.', '它在第一秒之前就结束了。'],
      noActive: [
        'No active connection: there is no request to time (an idle connection sends nothing after its first answer).',
        '没有活跃连接，也就没有请求可以计时（空闲连接得到第一次应答以后就不再发送）。'
      ],
      noReply: [
        'No request completed: every active connection is starved (see the connections chart).',
        '没有一个请求完成：活跃连接全都饿死了（看连接那张图）。'
      ],
      noProc: ['Linux\'s /proc has no figure for this server.', 'Linux 的 /proc 里没有这个服务端的读数。']
    },
    overlap: [
      name => 'A and B lie on each other' + (name ? ' (' + name + ')' : '') + ': B\'s thin line runs inside A\'s wide one.',
      name => 'A 和 B 的线重合' + (name ? '（' + name + '）' : '') + '：B 的细线画在 A 的粗线里面。'
    ],
    inSetup: ['In this set-up: ', '在这个设置下：'],
    notAbout: ['Not what this set-up shows. To see it: ', '这个设置看的不是这张图。想看它，可以这样试：'],
    charts: {
      rps: ['Requests per second', '每秒请求数'],
      latency: ['Latency, p50 (solid) and p99 (dashed), µs, log scale', '延迟：p50（实线）和 p99（虚线），微秒，对数坐标'],
      cpu: ['Server CPU, % of one core', '服务端 CPU，占一个核的百分比'],
      threads: ['Server threads', '服务端线程数'],
      rss: ['Server memory (RSS), MiB', '服务端内存（RSS），MiB'],
      fds: ['Server open descriptors', '服务端打开的文件描述符'],
      conns: ['Connections open (solid) and starved (dashed)', '打开的连接（实线）和饿死的连接（虚线）']
    }
  };
  /** One language's words: every [en, zh] pair of WORDS, nested as WORDS is. */
  const pick = (words, i) => Object.fromEntries(Object.entries(words).map(([k, v]) =>
    [k, Array.isArray(v) ? v[i] : pick(v, i)]));
  window.LAB_WORDS = WORDS; // for the browser test: every key has both languages
  window.LAB_TEXTS = {en: pick(WORDS, 0), zh: pick(WORDS, 1)};
})();
