// The page's words in its two languages. Each chart's note quotes the claim of the study note
// (io-models-notes.zh.txt) that its curve shows; the quote is the note's own Chinese, in both languages.
'use strict';

window.LAB_TEXTS = {
  en: {
    title: 'io-models lab',
    subtitle: 'Watch each IO model of the note live, under a load you choose.',
    how: 'Pick a model: its server starts as its own process, exactly as in the benchmark. Pick a load and press Start. ' +
      'Every second each chart adds a point: what the load generator measured, and what Linux (/proc) says about the server process. ' +
      'Pick a second model (B) to watch both on the same axes; they run at the same time and share this machine\'s cores.',
    tryFirst: 'Try this first: 03 against 06 with 1000 idle connections. 03 asks every socket in turn, flat out, and burns a whole core ' +
      'while nothing happens; 06 waits in epoll and stays at zero.',
    setItUp: 'Set it up',
    moreToTry: 'More to try',
    modelA: 'Model A',
    modelB: 'Model B (to compare)',
    none: '— none —',
    flagDefault: 'the chapter picks',
    load: 'Load',
    idle: 'Idle connections',
    idleHelp: 'opened, answered once, then silent: they cost a model only by being held',
    active: 'Active connections',
    activeHelp: 'each sends a message, waits for the whole reply, checks every byte, sends the next',
    bytes: 'Message size (bytes)',
    bytesHelp: 'of each request; the reply is as long',
    start: 'Start',
    startHelp: 'starts the servers and the load',
    apply: 'Apply the load',
    applyHelp: 'while running: the old connections close and the new ones open, on the same servers',
    stop: 'Stop',
    stopHelp: 'stops the load and the servers',
    limits: 'Limits: at most 20,000 connections and 10 minutes a run. Closing this page stops its runs within a few seconds.',
    refused: 'The lab refused: ',
    unreachable: 'The lab does not answer (was it stopped?): ',
    state: {starting: 'starting', running: 'running', stopping: 'stopping', stopped: 'stopped', died: 'DIED', failed: 'FAILED'},
    pid: 'pid', seconds: 's of', open: 'open', errors: 'errors', lastLines: 'its last output lines:',
    time: 'seconds',
    charts: {
      rps: 'Requests per second',
      latency: 'Latency, p50 (solid) and p99 (dashed), µs, log scale',
      cpu: 'Server CPU, % of one core',
      threads: 'Server threads',
      rss: 'Server memory (RSS), MiB',
      fds: 'Server open descriptors',
      conns: 'Connections open (solid) and starved (dashed)'
    },
    notes: {
      rps: {
        section: '四、强调 1', quote: 'select/epoll的优势并不是对于单个连接能处理得更快,而是在于能处理更多的连接。',
        say: 'select/epoll is not faster for one connection; its advantage is that it handles more connections.',
        look: 'With 1 active connection the blocking models keep up with the selectors. Raise it to 1000: a thread per connection (02) falls behind, one selector thread (06) keeps going.'
      },
      latency: {
        section: '三、缺点 2', quote: '任务完成的响应延迟增大了,因为每过一段时间才去轮询一次read操作,而任务可能在两次轮询之间的任意时间完成。',
        say: 'The response delay grows: the read is polled only every so often, and the data may arrive at any moment between two polls.',
        look: '03 with --idle-sleep-ms 10 and 10 active connections: p50 moves up by milliseconds. 08 with --work-us 2000: with the work on the reactor (--workers 0) everyone waits behind it, the note\'s "一旦事件响应的执行体庞大" (四、select模块的缺点).'
      },
      cpu: {
        section: '三、缺点 1', quote: '循环调用recv()将大幅度推高CPU占用率',
        say: 'Calling recv() in a loop drives the CPU usage up sharply.',
        look: '03 against 06 with 1000 idle connections: 03 near 100% of a core with nothing to do, 06 at 0. --idle-sleep-ms 1 on 03 is a short version of the note\'s time.sleep(2): less CPU, later replies.'
      },
      threads: {
        section: '二、一个简单的解决方案: 该方案的问题是', quote: '在遇到要同时响应成百上千路的连接请求,则无论多线程还是多进程都会严重占据系统资源,降低系统对外界响应效率',
        say: 'Facing hundreds or thousands of connections at once, threads and processes alike take up the system\'s resources heavily.',
        look: '02 with 1000 idle connections: a thread each. 06 keeps the same dozen or so whatever the count; 02 --pool 8 stays flat too, but connection 9 waits (the connections chart).'
      },
      rss: {
        section: '四、select模块的优点', quote: '相比其他模型,使用select() 的事件驱动模型只用单线程(进程)执行,占用资源少,',
        say: 'Compared with the other models, the event-driven model with select() runs on a single thread (process) and takes few resources.',
        look: '02 against 06 with 2000 idle connections: every thread has its own stack and buffer; one selector thread holds them all in a few MiB more. Every server runs with the same fixed 64 MiB heap, as in the benchmark.'
      },
      fds: {
        section: '八、总结', quote: '但是你的套接字特别多,你怎么知道哪个好了呢,那么就得用循环去遍历一下',
        say: 'But when you have very many sockets, how do you know which one is ready? You have to loop over them.',
        look: 'Every model holds one descriptor per connection (plus a few of its own), so this curve is the same for all. What differs is who loops over them: poll(2) (04) makes the kernel scan every one on each call, epoll (06) hands back only the ready ones. Compare 04 and 06 CPU with 5000 idle and 100 active.'
      },
      conns: {
        section: '二、阻塞IO', quote: '如在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求。',
        say: 'While recv(1024) is called the thread is blocked; meanwhile it can compute nothing and answer no network request.',
        look: '01-blocking with 1 idle and 10 active connections: all open, all starved (no reply in the second): its one thread waits on the idle one. 02 --pool 8 with 20 active: 12 starved, the note\'s "所谓“池”始终有其上限".'
      }
    }
  },
  zh: {
    title: 'io-models 实验台',
    subtitle: '在你选的负载下,实时观看笔记里的每一种 IO 模型。',
    how: '选一个模型:它的服务器作为独立进程启动,和基准测试里完全一样。选好负载,按“开始”。' +
      '每秒钟每张图添一个点:负载生成器测到的,以及 Linux(/proc)对服务器进程的读数。' +
      '再选第二个模型(B),就能在同一坐标轴上对比两者;它们同时运行,共用这台机器的 CPU 核。',
    tryFirst: '先试这个:03 对比 06,各 1000 个空闲连接。03 不停地挨个询问每个套接字,什么都没发生也占满一个核;06 在 epoll 里等着,CPU 保持为零。',
    setItUp: '设置好',
    moreToTry: '更多可以试的',
    modelA: '模型 A',
    modelB: '模型 B(用于对比)',
    none: '— 无 —',
    flagDefault: '由本章自己选',
    load: '负载',
    idle: '空闲连接数',
    idleHelp: '建立连接,应答一次,之后不再发送:只是被服务器持有',
    active: '活跃连接数',
    activeHelp: '每个连接发送一条消息,等完整的回复,逐字节检查,再发下一条',
    bytes: '消息大小(字节)',
    bytesHelp: '每个请求的大小;回复一样长',
    start: '开始',
    startHelp: '启动服务器和负载',
    apply: '应用负载',
    applyHelp: '运行中:旧连接关闭,新连接打开,服务器不变',
    stop: '停止',
    stopHelp: '停止负载和服务器',
    limits: '限制:每次运行最多 20,000 个连接、10 分钟。关闭本页面,几秒内它的运行就会停止。',
    refused: '实验台拒绝了:',
    unreachable: '实验台没有响应(是否已停止?):',
    state: {starting: '启动中', running: '运行中', stopping: '停止中', stopped: '已停止', died: '已崩溃', failed: '失败'},
    pid: 'pid', seconds: '秒 / 共', open: '个连接', errors: '个错误', lastLines: '它最后输出的几行:',
    time: '秒',
    charts: {
      rps: '每秒请求数',
      latency: '延迟,p50(实线)和 p99(虚线),微秒,对数坐标',
      cpu: '服务器 CPU,占一个核的百分比',
      threads: '服务器线程数',
      rss: '服务器内存(RSS),MiB',
      fds: '服务器打开的描述符数',
      conns: '打开的连接(实线)和饿死的连接(虚线)'
    },
    notes: {
      rps: {
        section: '四、强调 1', quote: 'select/epoll的优势并不是对于单个连接能处理得更快,而是在于能处理更多的连接。',
        say: '',
        look: '1 个活跃连接时,阻塞模型跟得上 selector。加到 1000:每连接一线程(02)落后了,一个 selector 线程(06)照样跑。'
      },
      latency: {
        section: '三、缺点 2', quote: '任务完成的响应延迟增大了,因为每过一段时间才去轮询一次read操作,而任务可能在两次轮询之间的任意时间完成。',
        say: '',
        look: '03 加 --idle-sleep-ms 10,10 个活跃连接:p50 上升几个毫秒。08 加 --work-us 2000:工作放在 reactor 上(--workers 0)时大家都排在它后面,正是“一旦事件响应的执行体庞大”(四、select模块的缺点)。'
      },
      cpu: {
        section: '三、缺点 1', quote: '循环调用recv()将大幅度推高CPU占用率',
        say: '',
        look: '03 对比 06,1000 个空闲连接:03 无事可做也接近一个核的 100%,06 为 0。03 的 --idle-sleep-ms 1 是笔记里 time.sleep(2) 的短版本:CPU 少了,回复晚了。'
      },
      threads: {
        section: '二、一个简单的解决方案:该方案的问题是', quote: '在遇到要同时响应成百上千路的连接请求,则无论多线程还是多进程都会严重占据系统资源,降低系统对外界响应效率',
        say: '',
        look: '02 有 1000 个空闲连接:每个连接一个线程。06 不管多少连接都是十几个线程;02 --pool 8 也持平,但第 9 个连接只能等(见连接图)。'
      },
      rss: {
        section: '四、select模块的优点', quote: '相比其他模型,使用select() 的事件驱动模型只用单线程(进程)执行,占用资源少,',
        say: '',
        look: '02 对比 06,2000 个空闲连接:每个线程有自己的栈和缓冲区;一个 selector 线程只多用几 MiB 就能持有全部连接。和基准测试一样,每个服务器都用固定的 64 MiB 堆。'
      },
      fds: {
        section: '八、总结', quote: '但是你的套接字特别多,你怎么知道哪个好了呢,那么就得用循环去遍历一下',
        say: '',
        look: '每个模型每个连接都占一个描述符(外加自己的几个),所以这条曲线对所有模型都一样。不同的是谁来遍历:poll(2)(04)每次调用都让内核扫描全部,epoll(06)只交回准备好的。对比 04 和 06 在 5000 空闲 + 100 活跃时的 CPU。'
      },
      conns: {
        section: '二、阻塞IO', quote: '如在调用recv(1024)的同时,线程将被阻塞,在此期间,线程将无法执行任何运算或响应任何的网络请求。',
        say: '',
        look: '01-blocking,1 个空闲 + 10 个活跃连接:全都打开了,全都饿死(这一秒没有回复):它唯一的线程在等那个空闲连接。02 --pool 8,20 个活跃连接:12 个饿死,正是“所谓“池”始终有其上限”。'
      }
    }
  }
};

// Set-ups a newcomer can load with one click: side A, side B (or none), and the load.
window.LAB_PRESETS = [
  {key: 'first', a: ['03-nonblocking'], b: ['06-selectors'], idle: 1000, active: 0, bytes: 64,
    en: '03 against 06, 1000 idle: a core burnt for nothing', zh: '03 对比 06,1000 空闲:白白烧掉一个核'},
  {key: 'threads', a: ['02-threadpool'], b: ['06-selectors'], idle: 2000, active: 0, bytes: 64,
    en: '02 against 06, 2000 idle: threads and memory', zh: '02 对比 06,2000 空闲:线程和内存'},
  {key: 'blocking', a: ['01-blocking'], b: null, idle: 1, active: 10, bytes: 64,
    en: '01 with 1 idle and 10 active: one client at a time', zh: '01,1 空闲 + 10 活跃:一次只服务一个客户端'},
  {key: 'pool', a: ['02-threadpool', {'--pool': 8}], b: null, idle: 0, active: 20, bytes: 64,
    en: '02 --pool 8 with 20 active: the pool\'s ceiling', zh: '02 --pool 8,20 活跃:池的上限'},
  {key: 'sleep', a: ['03-nonblocking', {'--idle-sleep-ms': 10}], b: ['03-nonblocking'], idle: 0, active: 10, bytes: 64,
    en: '03 with and without time.sleep: CPU against latency', zh: '03 有无 time.sleep:CPU 与延迟的取舍'},
  {key: 'poll', a: ['04-select'], b: ['06-selectors'], idle: 5000, active: 100, bytes: 64,
    en: '04 against 06, 5000 idle beside 100 active: poll scans every one', zh: '04 对比 06,5000 空闲 + 100 活跃:poll 每次扫描全部'},
  {key: 'heavy', a: ['08-reactors', {'--work-us': 2000}], b: ['08-reactors', {'--work-us': 2000, '--workers': 2}], idle: 0, active: 20, bytes: 64,
    en: '08, 2 ms of work a request, on the reactor against on 2 workers', zh: '08,每请求 2 毫秒工作:在 reactor 上对比交给 2 个工作线程'}
];
