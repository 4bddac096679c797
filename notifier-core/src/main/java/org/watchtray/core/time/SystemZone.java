package org.watchtray.core.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The system's time zone now, and who wants to hear when it changes. The JVM reads the zone once
 * ({@link ZoneId#systemDefault()} is cached), so after {@code timedatectl set-timezone} every
 * time watchtray shows would stay in the old zone until a restart; this follows the
 * {@code localtime} file instead ({@link ZoneWatch} tells it when the file changed) and, at a
 * change, sets the JVM's default too (code that formats with the default follows) before
 * telling its listeners. Made once in each composition root; the fixed kind
 * ({@link #fixed}) stands for a zone that cannot change (tests, or {@code $TZ} set).
 */
public final class SystemZone {
    private final LocaltimeFile file;
    private final Consumer<ZoneId> jvmDefault;
    private final CopyOnWriteArrayList<Consumer<ZoneId>> listeners = new CopyOnWriteArrayList<>();
    private volatile ZoneId current;

    /**
     * A zone that follows {@code file}, starting at {@code initial}; {@code jvmDefault} is told
     * each new zone before the listeners are (production: {@link #setJvmDefault}).
     */
    public SystemZone(ZoneId initial, LocaltimeFile file, Consumer<ZoneId> jvmDefault) {
        this.current = Objects.requireNonNull(initial);
        this.file = file;
        this.jvmDefault = Objects.requireNonNull(jvmDefault);
    }

    /** A zone that never changes: nothing is watched. */
    public static SystemZone fixed(ZoneId zone) {
        return new SystemZone(zone, null, z -> { });
    }

    /**
     * The system's zone for this process, from the zone the JVM found at start-up. When
     * {@code $TZ} is set the JVM took the zone from it and so does glibc, for the whole life of
     * the process, whatever {@code /etc/localtime} says: the zone is then fixed and nothing is
     * watched. Otherwise it follows {@code localtime} ({@code /etc/localtime}).
     */
    public static SystemZone ofSystem(Optional<String> tz, java.nio.file.Path localtime, java.nio.file.Path zoneinfo) {
        ZoneId started = ZoneId.systemDefault();
        if (tz.filter(t -> !t.isEmpty()).isPresent()) {
            return fixed(started);
        }
        return new SystemZone(started, new LocaltimeFile(localtime, zoneinfo), SystemZone::setJvmDefault);
    }

    /** Makes {@code zone} the JVM's default ({@link TimeZone#setDefault}, which {@link ZoneId#systemDefault()} reads). */
    public static void setJvmDefault(ZoneId zone) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
    }

    /** The zone now. */
    public ZoneId current() {
        return current;
    }

    /** The file this zone follows; empty for a fixed zone. */
    public Optional<LocaltimeFile> file() {
        return Optional.ofNullable(file);
    }

    /**
     * Reads the file again: a zone other than the current one becomes current, the JVM's default,
     * and is told to every listener, once. The same zone again (a link replaced by an equal one, or
     * by another name of the same zone), a file that names no zone or is missing for a moment change
     * nothing.
     *
     * @return whether the zone changed
     */
    public boolean recheck() {
        return file != null && become(file.zone());
    }

    /**
     * The system's zone is {@code zone}, as a process that watches the file says (the tray tells
     * its window process, which then needs no watch of its own): as {@link #recheck()} with that
     * zone. A fixed zone ({@code $TZ}, tests) stays as it is.
     *
     * @return whether the zone changed
     */
    public boolean told(ZoneId zone) {
        return file != null && become(Optional.of(zone));
    }

    private boolean become(Optional<ZoneId> now) {
        synchronized (this) {
            // Another name for the same rules (Asia/Calcutta for Asia/Kolkata, or a copied file found
            // under an alias of the zone the JDK named) shows every time as before: no change.
            if (now.isEmpty() || now.get().getRules().equals(current.getRules())) {
                return false;
            }
            current = now.get();
        }
        jvmDefault.accept(now.get());
        for (Consumer<ZoneId> l : listeners) {
            l.accept(now.get());
        }
        return true;
    }

    /** Calls {@code listener} with each new zone, on the thread that noticed it; close the handle to stop. */
    public AutoCloseable listen(Consumer<ZoneId> listener) {
        listeners.add(Objects.requireNonNull(listener));
        return () -> listeners.remove(listener);
    }

    /** The system clock in the current zone: its {@link Clock#getZone()} follows every change. */
    public Clock clock() {
        return new Following();
    }

    /** Like {@link Clock#systemDefaultZone()}, but the zone is read at each call rather than fixed when the clock is made. */
    private final class Following extends Clock {
        @Override
        public ZoneId getZone() {
            return current;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.system(zone);
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "SystemZone.clock[" + current + "]";
        }
    }
}
