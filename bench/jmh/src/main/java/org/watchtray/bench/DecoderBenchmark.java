package org.watchtray.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.watchtray.core.record.RecordDecoder;

/**
 * One operation decodes the whole capture, buffer by buffer, through the zero-allocation
 * visitor path the key source uses. bench/decoder converts ops/s into records/s and MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecoderBenchmark {
    @Param("bench/out/stream.bin")
    public String stream;

    private StreamFile file;
    private final Accumulator acc = new Accumulator();

    @Setup
    public void load() throws IOException {
        file = StreamFile.load(Path.of(stream));
    }

    @Benchmark
    public long decodeStream() {
        return decode(file, acc);
    }

    static long decode(StreamFile file, Accumulator acc) {
        acc.reset();
        byte[] data = file.data();
        int[] offsets = file.offsets();
        int[] lengths = file.lengths();
        for (int i = 0; i < offsets.length; i++) {
            RecordDecoder.walk(data, offsets[i], lengths[i], acc);
        }
        return acc.checksum();
    }

    /** Prints what one pass computes, for comparison with the C program's output. */
    public static void main(String[] args) throws IOException {
        StreamFile file = StreamFile.load(Path.of(args[0]));
        Accumulator acc = new Accumulator();
        long checksum = decode(file, acc);
        System.out.println("records " + acc.records() + " bytes " + acc.bytes + " malformed " + acc.malformed + " checksum " + checksum);
    }
}
