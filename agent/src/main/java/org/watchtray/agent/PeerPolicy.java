package org.watchtray.agent;

import java.util.Collection;
import java.util.Optional;
import org.watchtray.core.agent.SeqpacketSockets.Peer;

/**
 * Who may subscribe: root always; anyone else only when the configured group is their primary
 * group or one of their supplementary groups, as the kernel reports them for the connecting
 * process ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}), and only within the bounds: at most
 * {@code maxPerUser} sessions per uid and {@code maxSessions} in all for users other than root,
 * so that no member of the group can use up the agent's descriptors. Nothing the peer sends is
 * trusted.
 *
 * @param groupName   the configured group, for messages
 * @param groupGid    its gid, or -1 when the socket could not be given to it (then only root may subscribe)
 * @param whyRootOnly why only root may subscribe (the group does not exist, or the socket could not be given to it)
 */
record PeerPolicy(String groupName, int groupGid, String whyRootOnly, int maxPerUser, int maxSessions) {

    /** Empty when {@code peer} may subscribe next to the peers already {@code served}, else why not (for the log and for the peer). */
    Optional<String> refusal(Peer peer, Collection<Peer> served) {
        if (peer.uid() == 0) {
            return Optional.empty();
        }
        if (groupGid < 0) {
            return Optional.of("uid " + peer.uid() + " is not root, and only root may subscribe: " + whyRootOnly);
        }
        if (peer.gid() != groupGid && !peer.groups().contains(groupGid)) {
            return Optional.of("uid " + peer.uid() + " is not root and not in group '" + groupName + "' (gid " + groupGid + ")");
        }
        long mine = served.stream().filter(p -> p.uid() == peer.uid()).count();
        if (mine >= maxPerUser) {
            return Optional.of("uid " + peer.uid() + " already holds " + mine + " sessions, the most one user may hold");
        }
        long others = served.stream().filter(p -> p.uid() != 0).count();
        if (others >= maxSessions) {
            return Optional.of("the agent already serves " + others + " sessions of users other than root, the most it takes");
        }
        return Optional.empty();
    }
}
