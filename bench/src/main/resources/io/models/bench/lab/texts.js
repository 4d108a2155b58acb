// The page's own words, each with its Chinese beside it: [English, 中文]. What it says of the models
// (what each does, its flags, the set-ups to try, each chart's note) comes from the lab's API, never
// from here.
'use strict';

(() => {
  const WORDS = {
    title: ['io-models lab', 'io-models 实验台'],
    subtitle: ['Watch each IO model of the note live, under a load you choose.', '在你选的负载下,实时观看笔记里的每一种 IO 模型。'],
    how: [
      'Pick a model: its server starts as its own process, exactly as in the benchmark. Pick a load and press Start. ' +
        'Every second each chart adds a point: what the load generator measured, and what Linux (/proc) says about the server process. ' +
        'Pick a second model (B) to watch both on the same axes; they run at the same time and share this machine\'s cores.',
      '选一个模型:它的服务器作为独立进程启动,和基准测试里完全一样。选好负载,按“开始”。' +
        '每秒钟每张图添一个点:负载生成器测到的,以及 Linux(/proc)对服务器进程的读数。' +
        '再选第二个模型(B),就能在同一坐标轴上对比两者;它们同时运行,共用这台机器的 CPU 核。'
    ],
    setItUp: ['Set it up', '设置好'],
    moreToTry: ['More to try', '更多可以试的'],
    modelA: ['Model A', '模型 A'], modelB: ['Model B (to compare)', '模型 B(用于对比)'],
    none: ['— none —', '— 无 —'],
    flagDefault: ['the chapter picks', '由本章自己选'],
    load: ['Load', '负载'],
    idle: ['Idle connections', '空闲连接数'],
    idleHelp: ['opened, answered once, then silent: they cost a model only by being held', '建立连接,应答一次,之后不再发送:只是被服务器持有'],
    active: ['Active connections', '活跃连接数'],
    activeHelp: [
      'each sends a message, waits for the whole reply, checks every byte, sends the next',
      '每个连接发送一条消息,等完整的回复,逐字节检查,再发下一条'
    ],
    bytes: ['Message size (bytes)', '消息大小(字节)'], bytesHelp: ['of each request; the reply is as long', '每个请求的大小;回复一样长'],
    start: ['Start', '开始'], startHelp: ['starts the servers and the load', '启动服务器和负载'],
    apply: ['Apply the load', '应用负载'],
    applyHelp: ['while running: the old connections close and the new ones open, on the same servers', '运行中:旧连接关闭,新连接打开,服务器不变'],
    stop: ['Stop', '停止'], stopHelp: ['stops the load and the servers', '停止负载和服务器'],
    limits: [
      'Limits: at most 20,000 connections and 10 minutes a run. Closing this page stops its runs within a few seconds.',
      '限制:每次运行最多 20,000 个连接、10 分钟。关闭本页面,几秒内它的运行就会停止。'
    ],
    refused: ['The lab refused: ', '实验台拒绝了:'],
    unreachable: ['The lab does not answer (was it stopped?): ', '实验台没有响应(是否已停止?):'],
    // A run's status line: its state, then its pid, seconds, connections open and errors.
    state: {starting: ['starting', '启动中'], running: ['running', '运行中'], stopping: ['stopping', '停止中'],
      stopped: ['stopped', '已停止'], died: ['DIED', '已崩溃'], failed: ['FAILED', '失败']},
    pid: ['pid', 'pid'], seconds: ['s of', '秒 / 共'], open: ['open', '个连接'], errors: ['errors', '个错误'],
    lastLines: ['its last output lines:', '它最后输出的几行:'],
    time: ['seconds', '秒'],
    charts: {
      rps: ['Requests per second', '每秒请求数'],
      latency: ['Latency, p50 (solid) and p99 (dashed), µs, log scale', '延迟,p50(实线)和 p99(虚线),微秒,对数坐标'],
      cpu: ['Server CPU, % of one core', '服务器 CPU,占一个核的百分比'],
      threads: ['Server threads', '服务器线程数'],
      rss: ['Server memory (RSS), MiB', '服务器内存(RSS),MiB'],
      fds: ['Server open descriptors', '服务器打开的描述符数'],
      conns: ['Connections open (solid) and starved (dashed)', '打开的连接(实线)和饿死的连接(虚线)']
    }
  };
  /** One language's words: every [en, zh] pair of WORDS, nested as WORDS is. */
  const pick = (words, i) => Object.fromEntries(Object.entries(words).map(([k, v]) =>
    [k, Array.isArray(v) ? v[i] : pick(v, i)]));
  window.LAB_TEXTS = {en: pick(WORDS, 0), zh: pick(WORDS, 1)};
})();
