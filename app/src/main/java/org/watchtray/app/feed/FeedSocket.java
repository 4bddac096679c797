package org.watchtray.app.feed;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.watchtray.core.settings.XdgPaths;

/**
 * Where the window feed listens and who may connect: a unix socket in the user's runtime
 * directory ({@code $XDG_RUNTIME_DIR/watchtray/windows.sock}, else a private directory under the
 * temporary directory), mode 0600 in a 0700 directory, and every peer's user checked with
 * SO_PEERCRED. One per session, like the tray's bus name that guards it.
 */
public final class FeedSocket {
    private FeedSocket() {
    }

    public static Path path(XdgPaths paths) {
        Path runtime = paths.runtimeDir();
        Path dir = runtime != null ? runtime.resolve("watchtray")
                : Path.of(System.getProperty("java.io.tmpdir"), "watchtray-" + System.getProperty("user.name"));
        return dir.resolve("windows.sock");
    }

    /**
     * Listens at {@code socket}. A socket file left there by a tray that died is replaced; one
     * that answers is another tray's (one on another bus with the same runtime directory, such
     * as a training run) and is left alone.
     *
     * @throws IOException also when another tray listens there
     */
    public static ServerSocketChannel listen(Path socket) throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (SocketChannel other = connect(socket)) {
                throw new IOException("another watchtray serves its windows at " + socket);
            } catch (java.net.SocketException | java.nio.file.NoSuchFileException dead) {
                Files.deleteIfExists(socket);
            }
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public static SocketChannel connect(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    /** Whether the peer of {@code channel} runs as this process's user. */
    public static boolean samePeer(SocketChannel channel) throws IOException {
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return peer.user().getName().equals(System.getProperty("user.name"));
    }
}
