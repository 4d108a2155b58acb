package io.models.bench.soak;

/**
 * One reading of the server from outside, every 10 s, and what the mix did since the one before.
 *
 * @param seconds       when it was due, since the mix was up (every connection open and answered once): a
 *                      multiple of the period (it is read then, or as soon as the one before is done)
 * @param descriptors   its open descriptors ({@code /proc/PID/fd})
 * @param threads       its threads ({@code /proc/PID/status})
 * @param rssKiB        its resident memory ({@code /proc/PID/status}, {@code VmRSS})
 * @param heapKiB       its heap in use after a full collection ({@link HeapProbe}); -1 if not read
 * @param requests      ping-pong requests whose whole reply came back, checked, since the last sample
 * @param streamBytes   stream reply bytes received and checked since the last sample
 * @param resets        connections the reset clients opened and reset since the last sample
 * @param slowBytes     bytes the slow reader read back and checked since the last sample
 * @param starved       ping-pong and stream connections that got nothing back since the last sample
 */
record Sample(double seconds, int descriptors, int threads, long rssKiB, long heapKiB, long requests,
                     long streamBytes, long resets, long slowBytes, long starved) {

    static final String CSV_HEADER = "seconds,descriptors,threads,rss_kib,heap_after_gc_kib,requests,stream_bytes,"
            + "resets,slow_reader_bytes,starved";

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d", seconds, descriptors, threads, rssKiB,
                heapKiB, requests, streamBytes, resets, slowBytes, starved);
    }
}
