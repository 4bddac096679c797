package org.watchtray.core.hooks;

/**
 * Signals a whole process group, so a hook that forked children is stopped with all of them.
 * Implemented with kill(2) on the negated group id in {@code native-access}.
 */
public interface ProcessGroups {

    enum Signal { TERM, KILL }

    /**
     * Sends {@code signal} to every process in group {@code processGroup} (which must be above 1).
     *
     * @return false when no process of that group is left (ESRCH)
     * @throws IllegalStateException when the kernel refuses (EPERM …), with the call and errno
     */
    boolean signal(long processGroup, Signal signal);
}
