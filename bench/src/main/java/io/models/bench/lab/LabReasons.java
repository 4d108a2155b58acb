package io.models.bench.lab;

import io.models.common.chapter.Text;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a lab run stopped, in English and Chinese, as its page shows it: asked to, gone quiet, out of
 * time, a server that died or did not start (its own words put into Chinese where their form is known).
 */
final class LabReasons {

    /** Asked to from its page or a script. */
    static final Text STOPPED_BY_HAND = new Text("stopped from the page (or by a script)", "在页面上（或由脚本）停止");
    /** Its page said, as it went away, that it was leaving. */
    static final Text LEFT = new Text("its page was closed or left (it said so as it went)", "它的页面关闭或离开了（页面走之前发来了通知）");
    static final Text LAB_STOPPING = new Text("the lab is stopping", "实验台正在停止");
    private static final Pattern ENDED_EARLY = Pattern.compile("(.+) ended before it listened \\(exit code (-?\\d+)\\)");
    private static final Pattern NEVER_LISTENED = Pattern.compile("(.+) printed no 'listening on' line within (\\d+) s");
    private static final Pattern WRONG_BYTE = Pattern.compile("reply byte (\\d+) of (\\d+) is (0x\\p{XDigit}+), expected (0x\\p{XDigit}+)");

    private LabReasons() {
    }

    /** @param what {@link io.models.bench.server.ServerProcess.NotStarted}'s words */
    static Text notStarted(String what) {
        return new Text("the server did not start: " + what, "服务端没有启动：" + notStartedZh(what));
    }

    static Text cannotStart(String why) {
        return new Text("the server did not start: " + why, "服务端没有启动：" + why);
    }

    /** @param what the load generator's words on the wrong reply */
    static Text wrongReply(String what) {
        return new Text("a reply was not the upper-cased request: " + what, "有一个回复不是请求的大写：" + wrongByteZh(what));
    }

    static Text labFailed(RuntimeException e) {
        return new Text("the lab failed: " + e, "实验台内部出错：" + e);
    }

    static Text serverEnded(String exitCode, boolean outOfMemory) {
        return new Text("the server process ended (exit code " + exitCode + ")" + (outOfMemory ? ": it ran out of memory" : ""),
                "服务端进程退出了（退出码 " + exitCode + "）" + (outOfMemory ? "：内存耗尽" : ""));
    }

    /** @param heartbeat how long a page may go without a word */
    static Text pageGone(Duration heartbeat) {
        long quiet = heartbeat.toSeconds();
        return new Text("no word from its page for " + quiet + " s: the page is gone", "页面已经 " + quiet + " 秒没有任何消息：它已经不在了");
    }

    static Text timeUp(Duration limit) {
        boolean most = limit.equals(LabRuns.MAX_TIME);
        return new Text("its " + limit.toSeconds() + " s are up" + (most ? " (the most a run may take)" : ""),
                "它的 " + limit.toSeconds() + " 秒到了" + (most ? "（一次运行最长就是这么久）" : ""));
    }

    /** {@link io.models.bench.server.ServerProcess.NotStarted}'s words in Chinese, where they are of a form it knows. */
    static String notStartedZh(String what) {
        Matcher m = ENDED_EARLY.matcher(what);
        if (m.matches()) {
            return m.group(1) + " 还没开始监听就退出了（退出码 " + m.group(2) + "）";
        }
        m = NEVER_LISTENED.matcher(what);
        if (m.matches()) {
            return m.group(1) + " 在 " + m.group(2) + " 秒内没有打印 listening on 那一行";
        }
        return what;
    }

    /** The load generator's words on a wrong byte, in Chinese, where they are of the form it knows. */
    static String wrongByteZh(String what) {
        Matcher m = WRONG_BYTE.matcher(what);
        return m.matches() ? "回复的第 " + m.group(1) + " 个字节（共 " + m.group(2) + " 个）是 " + m.group(3) + "，应当是 " + m.group(4)
                : what;
    }
}
