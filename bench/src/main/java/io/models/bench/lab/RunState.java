package io.models.bench.lab;

import java.util.Locale;

/** Where a lab run is in its life, as the page shows it: a word for the API, and one in Chinese. */
public enum RunState {
    STARTING("启动中"), RUNNING("运行中"), STOPPING("停止中"), STOPPED("已停止"), DIED("已崩溃"), FAILED("失败");

    final String zh;

    RunState(String zh) {
        this.zh = zh;
    }

    /** True once the run has ended and its server is gone. */
    public boolean over() {
        return this == STOPPED || this == DIED || this == FAILED;
    }

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
