package io.models.common.chapter;

/** What a chapter's model does by design, which the tests, the checker and the benchmark must expect. */
public enum Trait {

    /** Serves one client at a time; the others wait in the kernel's backlog (01: 二、阻塞IO). */
    ONE_CLIENT_AT_A_TIME,

    /** Polls while idle: with nothing to do its loop still asks every socket, and burns a core (03: 三、非阻塞IO). */
    POLLS_WHILE_IDLE,

    /** Waits in select loops and counts their wake-ups ({@code io.models.common.server.EventLoop}). */
    EVENT_LOOP
}
