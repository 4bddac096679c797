package org.watchtray.nativeaccess;

import java.time.Clock;
import org.watchtray.core.kerberos.Krb5;
import org.watchtray.core.kerberos.Krb5Exception;
import java.nio.file.Path;
import java.time.Duration;
import org.watchtray.core.hooks.ProcessGroups;
import org.watchtray.core.journal.JournalSink;
import org.watchtray.core.agent.SeqpacketSockets;
import org.watchtray.core.keys.Keyctl;
import org.watchtray.core.keys.NotificationQueue;
import org.watchtray.core.mounts.MountNotifications;
import org.watchtray.core.mounts.MountTables;
import org.watchtray.core.os.Libc;
import org.watchtray.core.os.NativeHeap;
import org.watchtray.core.os.ThreadScheduling;
import org.watchtray.core.os.OsException;
import org.watchtray.core.settings.Environment;
import org.watchtray.nativeaccess.kerberos.LibKrb5;
import org.watchtray.nativeaccess.kerberos.LibKrb5Facade;
import org.watchtray.nativeaccess.keys.SyscallKeyctl;
import org.watchtray.nativeaccess.keys.WatchQueue;
import org.watchtray.nativeaccess.libc.LinuxLibc;
import org.watchtray.nativeaccess.libc.MallocTrim;
import org.watchtray.nativeaccess.libc.SchedAttr;
import org.watchtray.nativeaccess.outbound.Outbound;
import org.watchtray.core.thinpool.DeviceMapper;
import org.watchtray.core.thinpool.BlockWrites;
import org.watchtray.core.thinpool.FilesystemWrites;
import org.watchtray.core.usb.KernelLog;
import org.watchtray.core.usb.Uevents;
import org.watchtray.nativeaccess.thinpool.LinuxDeviceMapper;
import org.watchtray.nativeaccess.thinpool.ThinPoolBindings;
import org.watchtray.nativeaccess.unix.UnixSeqpacketSockets;
import org.watchtray.nativeaccess.usb.KmsgReader;
import org.watchtray.nativeaccess.usb.UeventSocket;
import org.watchtray.nativeaccess.mounts.MountBindings;

/**
 * The one entry to native code: it hands out the OS interfaces that sources are written
 * against (declared in notifier-core), implemented here with java.lang.foreign. Nothing of
 * java.lang.foreign crosses this boundary. Built once in each composition root and passed in.
 */
public final class NativeAccess {
    private final LinuxLibc libc;
    private final Keyctl keyctl;
    private final SeqpacketSockets seqpacketSockets;

    private NativeAccess(LinuxLibc libc) {
        this.libc = libc;
        this.keyctl = new SyscallKeyctl(libc);
        this.seqpacketSockets = new UnixSeqpacketSockets(libc);
    }

    /** The bindings for this Linux x86-64 process. */
    public static NativeAccess linux() {
        return new NativeAccess(new LinuxLibc());
    }

    /** File descriptors, epoll, eventfd, timerfd and inotify. */
    public Libc libc() {
        return libc;
    }

    /** The C allocator's free memory (glibc's malloc_trim). */
    public NativeHeap nativeHeap() {
        return MallocTrim.nativeHeap();
    }

    /** The calling thread's scheduling (its time slice, for the backend thread). */
    public ThreadScheduling threadScheduling() {
        return new SchedAttr(libc);
    }

    /** keyctl(2) and add_key(2). */
    public Keyctl keyctl() {
        return keyctl;
    }

    /** Opens kernel notification queues (pipe2 with O_NOTIFICATION_PIPE). */
    public NotificationQueue.Opener notificationQueues() {
        return () -> WatchQueue.open(libc);
    }

    /**
     * MIT libkrb5 for one environment (KRB5_CONFIG, KRB5CCNAME), or, where the library cannot
     * be loaded, one whose every call throws the loader's reason ({@link Krb5#unavailable}).
     *
     * @param clock what renewals take "now" from (whether a ticket is still renewable)
     */
    public Krb5 kerberos(Environment environment, Clock clock) {
        try {
            return new LibKrb5Facade(LibKrb5.load(), environment, clock);
        } catch (Krb5Exception e) {
            return Krb5.unavailable(e);
        }
    }

    /** A journal sink sending native-protocol entries to {@code socket}, each send waiting at most {@code sendTimeout}. */
    public JournalSink journal(Path socket, Duration sendTimeout) throws OsException {
        return Outbound.journal(libc, socket, sendTimeout);
    }

    /** Signals whole process groups, for hooks that outlive their timeout. */
    public ProcessGroups processGroups() {
        return Outbound.processGroups();
    }

    /** Opens handles on the device-mapper control node at {@code controlPath} (normally {@link DeviceMapper#CONTROL}). */
    public DeviceMapper.Opener deviceMapper(String controlPath) {
        return new DeviceMapper.Opener() {
            @Override
            public DeviceMapper open() throws OsException {
                return LinuxDeviceMapper.open(libc, controlPath);
            }

            @Override
            public String path() {
                return controlPath;
            }
        };
    }

    /** Opens fanotify groups that report writes on whole filesystems (CAP_SYS_ADMIN): the thin-pool write signal. */
    public FilesystemWrites.Opener filesystemWrites() {
        return ThinPoolBindings.filesystemWrites(libc);
    }

    /**
     * Opens perf events on the {@code block:block_bio_queue} tracepoint filtered to a pool's data
     * and metadata devices (root or CAP_PERFMON, tracefs, a kernel with perf and tracepoints): the
     * thin-pool write signal that sees every write.
     */
    public BlockWrites.Opener blockWrites() {
        return ThinPoolBindings.blockWrites(libc);
    }

    /** Opens the kernel log device (/dev/kmsg) for reading records. */
    public KernelLog.Opener kernelLog() {
        return (path, replay) -> KmsgReader.open(libc, path, replay);
    }

    /** Opens a socket receiving the kernel's uevents. */
    public Uevents.Opener uevents() {
        return () -> UeventSocket.open(libc);
    }

    /** AF_UNIX SOCK_SEQPACKET sockets: the agent's transport. */
    public SeqpacketSockets seqpacketSockets() {
        return seqpacketSockets;
    }

    /** listmount(2) and statmount(2); on a kernel before 6.8 their calls fail with ENOSYS. */
    public MountTables mountTables() {
        return MountBindings.tables(libc);
    }

    /** Opens fanotify mount-event groups on our mount namespace (Linux 6.15+, CAP_SYS_ADMIN). */
    public MountNotifications.Opener mountNotifications() {
        return MountBindings.notifications(libc);
    }
}
