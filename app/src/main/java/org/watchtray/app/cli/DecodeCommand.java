package org.watchtray.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import org.watchtray.core.event.Bytes;
import org.watchtray.core.event.Severity;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.RecordEvents;
import org.watchtray.core.record.RecordStream;
import org.watchtray.core.record.WatchRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code watchtray decode [FILE|-] [--json]}: decodes a raw record stream — what
 * {@code read()} on a notification pipe returns, or a capture of agent records — into the
 * same lines or JSON as {@code watchtray monitor}. Malformed parts are shown and decoding goes
 * on. The input is streamed in chunks, so a huge file is never loaded whole.
 *
 * <p>One record that cannot be decoded or shown (a malformed region, an unknown type, a
 * record whose required text is absent) becomes one {@code meta.malformed} line, and decoding
 * goes on with the next record: nothing stops the rest of the file. Memory stays bounded by
 * one 64 KiB chunk plus one record, whatever the size of the input.
 *
 * <p>Exit status: 0 when the input was read to its end and every record decoded (an empty input
 * is "no records"); {@value #SOME_MALFORMED} when it was read to its end but some records were
 * malformed, unknown or could not be shown (their number goes to standard error, in the last
 * line); 1 with a one-line message when the input cannot be read (missing, a directory,
 * permission, I/O error).
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode a raw notification record stream (a notification pipe's read() output or an agent capture).")
public final class DecodeCommand implements Callable<Integer> {
    static final int CHUNK = 64 * 1024;
    static final int UNREADABLE = 1;
    static final int SOME_MALFORMED = 3;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
            description = "File to decode; '-' or nothing reads standard input.")
    private String file;

    @Option(names = "--json", description = "Print one JSON object per record instead of a line.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final Clock clock;
    private final ZoneId zone;
    private final InputStream stdin;

    public DecodeCommand() {
        this(Clock.systemUTC(), ZoneId.systemDefault(), System.in);
    }

    /** For tests: a fixed clock (kernel records carry no time), a zone for lines, standard input. */
    public DecodeCommand(Clock clock, ZoneId zone, InputStream stdin) {
        this.clock = clock;
        this.zone = zone;
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String name = file == null || file.equals("-") ? "standard input" : file;
        try (InputStream in = open()) {
            return decode(in, name, spec.commandLine().getOut(), err);
        } catch (NoSuchFileException e) {
            return unreadable(err, name + ": no such file");
        } catch (AccessDeniedException e) {
            return unreadable(err, name + ": permission denied");
        } catch (FileSystemException e) {
            return unreadable(err, name + ": " + (e.getReason() == null ? "cannot be opened" : e.getReason()));
        } catch (IOException e) {
            return unreadable(err, name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // The decoder is built never to throw; if it ever does, the user still gets one line.
            return unreadable(err, name + ": internal error while decoding: " + e);
        }
    }

    private InputStream open() throws IOException {
        if (file == null || file.equals("-")) {
            return stdin;
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new FileSystemException(file, null, "is a directory, not a record stream");
        }
        return Files.newInputStream(path);
    }

    private int decode(InputStream in, String name, PrintWriter out, PrintWriter err) {
        Output output = new Output(json ? new EventJson() : null, new EventLines(zone), new RecordEvents(clock, SourceId.KEYS), clock);
        RecordStream stream = new RecordStream(output::add);
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        try {
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                stream.feed(chunk, 0, n);
                output.flushTo(out);
                if (out.checkError()) {
                    return 0; // the reader went away (e.g. "| head"): nothing left to show
                }
            }
        } catch (IOException e) {
            stream.finish();
            output.flushTo(out);
            return unreadable(err, name + ": read failed after " + total + " bytes: " + e.getMessage());
        }
        stream.finish();
        output.flushTo(out);
        if (total == 0) {
            err.println("watchtray decode: " + name + ": no records (the input is empty)");
        } else {
            err.println("watchtray decode: " + name + ": " + total + " bytes, " + output.records + " records"
                    + (output.problems == 0 ? "" : ", " + output.problems + " malformed, unknown or not showable (shown as meta.malformed)"));
        }
        err.flush();
        return output.problems == 0 ? 0 : SOME_MALFORMED;
    }

    private static int unreadable(PrintWriter err, String message) {
        err.println("watchtray decode: " + message);
        err.flush();
        return UNREADABLE;
    }

    /** Renders decoded records and counts them; text is buffered per chunk, not per line. */
    private static final class Output {
        private final EventJson json;
        private final EventLines lines;
        private final RecordEvents events;
        private final Clock clock;
        private final StringBuilder text = new StringBuilder();
        long records;
        long problems;

        Output(EventJson json, EventLines lines, RecordEvents events, Clock clock) {
            this.json = json;
            this.lines = lines;
            this.events = events;
            this.clock = clock;
        }

        void add(WatchRecord record) {
            records++;
            if (record instanceof WatchRecord.Malformed || record instanceof WatchRecord.Unknown) {
                problems++;
            }
            String shown;
            try {
                Entry entry = events.toEvent(record).map(Entry::of).orElseGet(() -> protocolEntry(record));
                shown = json != null ? json.toJson(entry) : lines.toLine(entry);
            } catch (RuntimeException e) {
                // A record decoded but not showable (e.g. a required name absent) is one malformed
                // line; the records after it are still decoded.
                problems++;
                String why = "record at offset " + record.offset() + " cannot be shown (" + e.getClass().getSimpleName() + ")";
                Entry entry = new Entry(clock.instant(), SourceId.META, "meta.malformed", Severity.NOTICE,
                        "Malformed input at offset " + record.offset() + ": " + why, "decode",
                        Map.of("offset", record.offset(), "problem", why), Bytes.EMPTY);
                shown = json != null ? json.toJson(entry) : lines.toLine(entry);
            }
            text.append(shown).append('\n');
        }

        void flushTo(PrintWriter out) {
            out.print(text);
            out.flush();
            text.setLength(0);
        }

        /** Agent records that are protocol rather than events still deserve a line. */
        private static Entry protocolEntry(WatchRecord record) {
            return switch (record) {
                case WatchRecord.AgentHello h -> new Entry(h.time(), SourceId.META, "meta.agent_hello", Severity.INFO,
                        "Agent " + h.agent() + " speaks protocol " + h.protocolVersion(), "agent",
                        Map.of("protocol_version", h.protocolVersion(), "agent", h.agent() == null ? "" : h.agent()), Bytes.EMPTY);
                case WatchRecord.SnapshotMarker m -> {
                    String boundary = m.boundary().name().toLowerCase(java.util.Locale.ROOT);
                    yield new Entry(m.time(), SourceId.META, "meta.snapshot_" + boundary, Severity.INFO,
                            "Agent snapshot of " + m.source().wireName() + " " + (m.boundary() == WatchRecord.SnapshotMarker.Boundary.BEGIN
                                    ? "begins" : "ends"), m.source().wireName(), Map.of("source", m.source().wireName()), Bytes.EMPTY);
                }
                case WatchRecord.SessionProtocol p -> new Entry(p.time(), SourceId.META, "meta.agent_protocol", Severity.INFO,
                        "Agent session speaks protocol " + p.protocolVersion(), "agent",
                        Map.of("protocol_version", p.protocolVersion()), Bytes.EMPTY);
                case WatchRecord.AgentReading r -> new Entry(r.reading().time(), r.reading().source(), "meta.reading", Severity.INFO,
                        "Agent reading of " + r.reading().source().wireName(), r.reading().source().wireName(),
                        Map.of("reading", r.reading().toString()), Bytes.EMPTY);
                default -> throw new IllegalStateException("record maps to an event: " + record);
            };
        }
    }
}
