package org.watchtray.fuzz.targets;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.RecordStream;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.fuzz.GoldenVectors;
import org.watchtray.fuzz.Target;

/**
 * Kernel watch_queue records and agent records, decode direction: a buffer as one read() and
 * the same bytes as a stream cut into chunks must give the same records; every record maps to
 * an event (or protocol record) whose summary and details can be made.
 */
public final class WatchQueueRecords implements Target {
    private final RecordEvents events = new RecordEvents(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), SourceId.KEYS);

    @Override
    public String name() {
        return "records";
    }

    @Override
    public List<byte[]> seeds() {
        List<byte[]> golden = GoldenVectors.all();
        List<byte[]> out = new ArrayList<>(golden);
        byte[] all = new byte[golden.stream().mapToInt(b -> b.length).sum()];
        int at = 0;
        for (byte[] g : golden) {
            System.arraycopy(g, 0, all, at, g.length);
            at += g.length;
        }
        out.add(all);
        return out;
    }

    @Override
    public int maxLength() {
        return 256;
    }

    @Override
    public void run(byte[] input) {
        List<WatchRecord> whole = RecordDecoder.decode(input);
        List<WatchRecord> streamed = new ArrayList<>();
        RecordStream stream = new RecordStream(streamed::add);
        int chunk = input.length == 0 ? 1 : 1 + (input[0] & 0xff);
        for (int at = 0; at < input.length; at += chunk) {
            stream.feed(input, at, Math.min(chunk, input.length - at));
        }
        stream.finish();
        if (!whole.equals(streamed)) {
            throw new AssertionError("streamed in " + chunk + "-byte chunks: " + streamed + " but whole: " + whole);
        }
        for (WatchRecord r : whole) {
            events.toEvent(r).ifPresent(e -> {
                org.watchtray.core.event.EnglishSummary.of(e);
                e.details();
            });
        }
    }
}
