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
import org.watchtray.app.text.EventText;
import org.watchtray.app.text.Messages;
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
@Command(name = "decode", mixinStandardHelpOptions = true)
public final class DecodeCommand implements Callable<Integer> {
    static final int CHUNK = 64 * 1024;
    static final int UNREADABLE = 1;
    static final int SOME_MALFORMED = 3;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", descriptionKey = "file")
    private String file;

    @Option(names = "--json")
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
        Messages m = Messages.forEnvironment(zone);
        String name = file == null || file.equals("-") ? m.text("cli.decode.stdin") : file;
        try (InputStream in = open()) {
            return decode(in, name, m, spec.commandLine().getOut(), err);
        } catch (NoSuchFileException e) {
            return unreadable(err, m.format("cli.decode.no_file", name));
        } catch (AccessDeniedException e) {
            return unreadable(err, m.format("cli.decode.denied", name));
        } catch (FileSystemException e) {
            // The reason is the system's words (strerror), except for a directory, which is ours.
            String reason = file != null && Files.isDirectory(Path.of(file)) ? m.text("cli.decode.directory")
                    : e.getReason() == null ? m.text("cli.decode.cannot_open") : e.getReason();
            return unreadable(err, name + ": " + reason);
        } catch (IOException e) {
            return unreadable(err, name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // The decoder is built never to throw; if it ever does, the user still gets one line.
            return unreadable(err, m.format("cli.decode.internal", name, e.toString()));
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

    private int decode(InputStream in, String name, Messages m, PrintWriter out, PrintWriter err) {
        // JSON keeps English (scripts read it); lines are in the user's language.
        Output output = new Output(json ? new EventJson() : null, new EventLines(new EventText(m)), new RecordEvents(clock, SourceId.KEYS),
                json ? Messages.english(zone) : m, clock);
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
            return unreadable(err, m.format("cli.decode.read_failed", name, m.count(total), String.valueOf(e.getMessage())));
        }
        stream.finish();
        output.flushTo(out);
        if (total == 0) {
            err.println("watchtray decode: " + m.format("cli.decode.empty", name));
        } else {
            err.println("watchtray decode: " + m.format("cli.decode.summary", name, m.count(total), output.records, output.problems));
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
        private final Messages m;
        private final Clock clock;
        private final StringBuilder text = new StringBuilder();
        long records;
        long problems;

        Output(EventJson json, EventLines lines, RecordEvents events, Messages m, Clock clock) {
            this.json = json;
            this.lines = lines;
            this.events = events;
            this.m = m;
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
                // The detail stays English (a machine field); the summary is worded like the other lines.
                String why = "record at offset " + record.offset() + " cannot be shown (" + e.getClass().getSimpleName() + ")";
                Entry entry = new Entry(clock.instant(), SourceId.META, "meta.malformed", Severity.NOTICE,
                        m.format("cli.decode.unshowable", m.count(record.offset()), e.getClass().getSimpleName()), "decode",
                        Map.of("offset", record.offset(), "problem", why), Bytes.EMPTY, null);
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
        private Entry protocolEntry(WatchRecord record) {
            return switch (record) {
                case WatchRecord.AgentHello h -> new Entry(h.time(), SourceId.META, "meta.agent_hello", Severity.INFO,
                        m.format("cli.decode.hello", String.valueOf(h.agent()), Integer.toString(h.protocolVersion())), "agent",
                        Map.of("protocol_version", h.protocolVersion(), "agent", h.agent() == null ? "" : h.agent()), Bytes.EMPTY, null);
                case WatchRecord.SnapshotMarker s -> {
                    String boundary = s.boundary().name().toLowerCase(java.util.Locale.ROOT);
                    yield new Entry(s.time(), SourceId.META, "meta.snapshot_" + boundary, Severity.INFO,
                            m.format("cli.decode.snapshot_" + boundary, s.source().wireName()), s.source().wireName(),
                            Map.of("source", s.source().wireName()), Bytes.EMPTY, null);
                }
                case WatchRecord.SessionProtocol p -> new Entry(p.time(), SourceId.META, "meta.agent_protocol", Severity.INFO,
                        m.format("cli.decode.session", Integer.toString(p.protocolVersion())), "agent",
                        Map.of("protocol_version", p.protocolVersion()), Bytes.EMPTY, null);
                case WatchRecord.AgentReading r -> new Entry(r.reading().time(), r.reading().source(), "meta.reading", Severity.INFO,
                        m.format("cli.decode.reading", r.reading().source().wireName()), r.reading().source().wireName(),
                        Map.of("reading", r.reading().toString()), Bytes.EMPTY, null);
                default -> throw new IllegalStateException("record maps to an event: " + record);
            };
        }
    }
}
