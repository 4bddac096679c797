package org.watchtray.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.watchtray.core.event.SourceId;
import org.watchtray.core.record.WatchRecord;

/**
 * Opens subscriptions to an agent socket the way a desktop of the current protocol does (or,
 * without "hello", one of protocol 1) and prints every record until each snapshot ends or the
 * agent closes the connection ("N EOF"). Then it prints READY and waits for a line on stdin:
 * the test feeds the agent something, and each subscription still open prints the first new
 * record about USB it gets ("N GOT …"), which proves it is still served. Tests run it as
 * another user (setpriv). Uses only the JDK and watchtray's own classes, so an unprivileged
 * user can run it from the build directories.
 *
 * <p>Arguments: SOCKET [SUBSCRIPTIONS] [hello]
 */
public final class ProbeClient {
    private ProbeClient() {
    }

    static Predicate<List<WatchRecord>> snapshotDone(boolean hello) {
        return rs -> {
            int from = 0;
            if (hello) {
                from = indexOf(rs, r -> r instanceof WatchRecord.SessionProtocol);
                if (from < 0) {
                    return false;
                }
            }
            return indexOf(rs.subList(from, rs.size()), r -> r instanceof WatchRecord.SnapshotMarker m
                    && m.boundary() == WatchRecord.SnapshotMarker.Boundary.END && m.source() == SourceId.USB) >= 0;
        };
    }

    private static int indexOf(List<WatchRecord> rs, Predicate<WatchRecord> p) {
        for (int i = 0; i < rs.size(); i++) {
            if (p.test(rs.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean hello = args.length > 2 && args[2].equals("hello");
        List<RecordReader> open = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            try {
                RecordReader r = new RecordReader(socket);
                if (hello) {
                    r.hello();
                }
                for (WatchRecord rec : r.readUntil(snapshotDone(hello), 20_000)) {
                    System.out.println(i + " " + RecordReader.describe(rec));
                }
                if (r.eof()) {
                    System.out.println(i + " EOF");
                    r.close();
                } else {
                    open.add(r);
                    numbers.add(i);
                }
            } catch (Exception e) {
                System.out.println(i + " FAILED " + e.getMessage());
            }
        }
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        for (int k = 0; k < open.size(); k++) {
            RecordReader r = open.get(k);
            int before = r.received().size();
            List<WatchRecord> rs = r.readUntil(all -> all.subList(before, all.size()).stream().anyMatch(ProbeClient::aboutUsb), 20_000);
            String got = rs.subList(before, rs.size()).stream().filter(ProbeClient::aboutUsb).map(RecordReader::describe).findFirst()
                    .orElse(r.eof() ? "EOF" : "NOTHING");
            System.out.println(numbers.get(k) + " GOT " + got);
            r.close();
        }
    }

    private static boolean aboutUsb(WatchRecord r) {
        return (r instanceof WatchRecord.AgentReading a && a.reading().source() == SourceId.USB)
                || (r instanceof WatchRecord.AgentEvent e && e.event().source() == SourceId.USB);
    }
}
