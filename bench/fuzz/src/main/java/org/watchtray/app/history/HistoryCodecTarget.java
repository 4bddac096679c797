package org.watchtray.app.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.watchtray.core.event.Event;
import org.watchtray.fuzz.Target;

/**
 * The history's event codec, decode direction (a row's kind and details JSON, as a damaged or
 * older database may hold them): an event or the documented {@link IllegalArgumentException},
 * and an event that decodes encodes back to the same event.
 */
public final class HistoryCodecTarget implements Target {
    private static final Instant T = Instant.parse("2025-03-01T12:00:00.250Z");
    private static final String[] KINDS = {"key", "credential", "mount", "thinpool", "usb", "loss", "decode_problem", "source_status"};
    private final EventCodec codec = new EventCodec();

    @Override
    public String name() {
        return "history-codec";
    }

    @Override
    public List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        for (Event e : org.watchtray.app.testing.SampleEvents.everyFamily(T)) {
            EventCodec.Encoded enc = codec.encode(e);
            byte kind = (byte) java.util.Arrays.asList(KINDS).indexOf(enc.kind());
            byte[] details = enc.details().getBytes(StandardCharsets.UTF_8);
            byte[] row = new byte[details.length + 1];
            row[0] = kind;
            System.arraycopy(details, 0, row, 1, details.length);
            out.add(row);
        }
        return out;
    }

    @Override
    public List<byte[]> dictionary() {
        return List.of(bytes("null"), bytes("\"change\":\"linked\""), bytes("\"expiry\":\"+1000000000-12-31T23:59:59Z\""),
                bytes("\"lead\":\"PT99999999999999H\""), bytes("\"origin\":\"X\""), bytes("9223372036854775808"), bytes("NaN"));
    }

    @Override
    public void run(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String kind = KINDS[Math.floorMod(input[0], KINDS.length)];
        String details = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        Event e = codec.decode(kind, T, details, null);
        EventCodec.Encoded again = codec.encode(e);
        Event back = codec.decode(again.kind(), T, again.details(), null);
        if (!back.equals(e)) {
            throw new AssertionError("decoded " + e + " but it encodes back as " + back);
        }
    }

    @Override
    public boolean declared(Throwable t) {
        return t instanceof IllegalArgumentException;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
