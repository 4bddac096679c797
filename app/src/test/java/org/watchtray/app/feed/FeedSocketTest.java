package org.watchtray.app.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window feed's socket: private to the user, replaced when a dead tray left it, never taken from a live one. */
class FeedSocketTest {
    @TempDir
    Path tmp;

    @Test
    void theSocketIsPrivateAndItsPeerIsThisUser() throws IOException {
        Path socket = tmp.resolve("watchtray/windows.sock");
        try (ServerSocketChannel server = FeedSocket.listen(socket); SocketChannel client = FeedSocket.connect(socket);
             SocketChannel accepted = server.accept()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
            assertTrue(FeedSocket.samePeer(accepted));
            assertTrue(client.isConnected());
        }
    }

    @Test
    void aSocketLeftByADeadTrayIsReplacedOneThatAnswersIsNot() throws IOException {
        Path socket = tmp.resolve("watchtray/windows.sock");
        ServerSocketChannel dead = FeedSocket.listen(socket);
        dead.close();   // the file stays, nobody listens: as after a crash
        assertTrue(Files.exists(socket));
        try (ServerSocketChannel live = FeedSocket.listen(socket)) {
            IOException e = assertThrows(IOException.class, () -> FeedSocket.listen(socket));
            assertEquals("another watchtray serves its windows at " + socket, e.getMessage());
            try (SocketChannel client = FeedSocket.connect(socket); SocketChannel accepted = live.accept()) {
                assertTrue(accepted.isConnected(), "the live one still serves");
            }
        }
    }
}
