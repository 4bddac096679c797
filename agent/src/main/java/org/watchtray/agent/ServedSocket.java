package org.watchtray.agent;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;
import org.watchtray.core.agent.SeqpacketSockets;

/**
 * The agent's listening socket: bound and listening under a temporary name, given its mode and
 * group, then renamed into place, so the socket appears (and a desktop watching the directory
 * connects at once) only when it accepts and only with its final permissions. Closing removes it.
 *
 * @param gid         the group the socket belongs to; -1 when it could not be given to it
 * @param whyRootOnly why only root may connect, when the group could not be given the socket
 */
record ServedSocket(SeqpacketSockets sockets, Path path, int fd, int gid, String whyRootOnly) implements AutoCloseable {
    private static final int BACKLOG = 16;

    /** True when something that is not a socket is in the way (it is never replaced). */
    static boolean blocked(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return !(mode instanceof Integer m && (m & 0170000) == 0140000); // S_IFSOCK
    }

    static ServedSocket open(SeqpacketSockets sockets, Path path, Set<PosixFilePermission> mode, String group) throws IOException {
        Files.createDirectories(path.getParent());
        Path fresh = path.resolveSibling(path.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        int fd = sockets.listen(fresh, BACKLOG);
        try {
            Files.setPosixFilePermissions(fresh, mode);
            ServedSocket s = withGroup(sockets, path, fd, fresh, group);
            Files.move(fresh, path, StandardCopyOption.ATOMIC_MOVE); // replaces a socket an unclean stop left behind
            return s;
        } catch (IOException | RuntimeException e) {
            sockets.close(fd);
            Files.deleteIfExists(fresh);
            throw e;
        }
    }

    /**
     * Gives the socket to the group (the JDK resolves the name through NSS). A group that does
     * not exist and a group the agent may not hand the socket to are different problems with
     * different fixes, and the message says which. An agent running with the group as its own
     * (Group= in its unit) creates the socket with it already and needs no CAP_CHOWN.
     */
    private static ServedSocket withGroup(SeqpacketSockets sockets, Path path, int fd, Path fresh, String group) {
        try {
            if (group.matches("\\d+")) {
                int gid = Integer.parseInt(group);
                if ((Integer) Files.getAttribute(fresh, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid) {
                    Files.setAttribute(fresh, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            } else {
                GroupPrincipal g = fresh.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
                if (!Files.readAttributes(fresh, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().equals(g)) {
                    Files.setAttribute(fresh, "posix:group", g, LinkOption.NOFOLLOW_LINKS);
                }
            }
            return new ServedSocket(sockets, path, fd, (Integer) Files.getAttribute(fresh, "unix:gid", LinkOption.NOFOLLOW_LINKS), null);
        } catch (UserPrincipalNotFoundException e) {
            return new ServedSocket(sockets, path, fd, -1, "group '" + group + "' does not exist on this system");
        } catch (FileSystemException e) {
            return new ServedSocket(sockets, path, fd, -1, "cannot give the socket to group '" + group + "' ("
                    + (e.getReason() == null ? e.getMessage() : e.getReason()) + "): the agent needs CAP_CHOWN, or to run with that"
                    + " group as its own (Group= in its unit)");
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return new ServedSocket(sockets, path, fd, -1, "cannot give the socket to group '" + group + "' (" + e + ")");
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        sockets.close(fd);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.getLogger(ServedSocket.class.getName()).log(System.Logger.Level.WARNING, "could not remove " + path + ": " + e.getMessage());
        }
    }
}
