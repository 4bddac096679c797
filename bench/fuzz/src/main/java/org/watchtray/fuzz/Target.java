package org.watchtray.fuzz;

import java.util.List;

/**
 * One decoder or parser under the fuzzer: what it is fed first (seeds from the golden vectors
 * and the tests' fixtures), words worth splicing in, and how one input is run. A target fails
 * an input by throwing anything it does not declare, by breaking an invariant it checks
 * ({@link AssertionError}), by taking longer than {@link Fuzzer#HANG_NANOS} or by allocating
 * more than {@link #allocationLimit}.
 */
public interface Target {
    /** Short and stable: it names the findings and the regression directory. */
    String name();

    List<byte[]> seeds();

    /** Byte strings a mutation may insert or write over the input (tokens, magic numbers). */
    default List<byte[]> dictionary() {
        return List.of();
    }

    /** Inputs are cut to this many bytes. */
    default int maxLength() {
        return 4096;
    }

    /** Runs one input. Returns normally for every input the code handles as documented. */
    void run(byte[] input) throws Exception;

    /** Exceptions the code under test documents for bad input; anything else is a failure. */
    default boolean declared(Throwable t) {
        return false;
    }

    /** The most one input of {@code length} bytes may allocate. */
    default long allocationLimit(int length) {
        return (1L << 20) + 256L * length;
    }
}
