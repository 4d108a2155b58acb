package io.models.common.protocol;

import java.nio.ByteBuffer;

/**
 * What a server does to the bytes it has read before writing them back, in place, between the
 * buffer's position and limit. Every chapter applies {@link #UPPER}, the protocol; tests pass one
 * that fails on purpose to see that a fault in one connection stays in that connection.
 */
@FunctionalInterface
public interface Transform {

    /** The protocol: ASCII a-z to A-Z, every other byte unchanged. */
    Transform UPPER = Protocol::upper;

    void apply(ByteBuffer bytes);
}
