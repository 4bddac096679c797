package org.watchtray.fuzz.targets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.core.record.AgentRecordCodec;
import org.watchtray.core.record.RecordDecoder;
import org.watchtray.core.record.WatchRecord;
import org.watchtray.core.usb.UsbEvent;
import org.watchtray.fuzz.Fixtures;
import org.watchtray.fuzz.Target;

/**
 * The agent record codec, encode direction: an event built from the input (any strings, any
 * numbers) is encoded and decoded again, and must come back equal (strings within the
 * codec's 4096-byte limit, times at microseconds as documented).
 */
public final class AgentRecordEncoding implements Target {
    @Override
    public String name() {
        return "agent-encode";
    }

    @Override
    public List<byte[]> seeds() {
        return List.of(new byte[32], Fixtures.utf8("1-1.2\u0000Hub \"X\"\u0000device descriptor read/64, error -71"),
                Fixtures.utf8("\u202e\n\t\\\u0000\uffff\ud83d\ude42"));
    }

    @Override
    public void run(byte[] input) {
        byte[] padded = input.length >= 20 ? input : java.util.Arrays.copyOf(input, 20);
        ByteBuffer b = ByteBuffer.wrap(padded);
        long micros = b.getLong() >> 12;
        UsbEvent.Change[] changes = UsbEvent.Change.values();
        UsbEvent.Change change = changes[Math.floorMod(b.get(), changes.length)];
        int errno = b.getInt();
        int count = b.get();
        int failures = b.get();
        String[] parts = new String(padded, 14, padded.length - 14, StandardCharsets.UTF_8).split("\u0000", -1);
        Event e = new UsbEvent(Instant.ofEpochSecond(0, 0).plusNanos(micros * 1000), change, part(parts, 0), part(parts, 1),
                part(parts, 2), errno, count, failures);
        List<WatchRecord> back = RecordDecoder.decode(AgentRecordCodec.encode(e));
        if (back.size() != 1 || !(back.getFirst() instanceof WatchRecord.AgentEvent a) || !a.event().equals(e)) {
            throw new AssertionError("encoded " + e + " came back as " + back);
        }
    }

    private static String part(String[] parts, int i) {
        String s = i < parts.length ? parts[i] : "";
        // The codec cuts at 4096 UTF-8 bytes by design; the round trip holds below that.
        int cut = s.length() > 1000 && Character.isHighSurrogate(s.charAt(999)) ? 999 : 1000;
        return s.length() > 1000 ? s.substring(0, cut) : s;
    }
}
